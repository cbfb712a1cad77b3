import Foundation
import UXShared
import UnifexCore
import UnifexDocument
import UnifexDraw
import UnifexOCR
import UnifexPDF

/// What every page of a run is drawn with.
struct DrawSettings: Sendable {
    var show: Set<Layer>
    var dpi: Double
    var outputDir: String
}

/// The picture's name in the output folder: the document's path made relative (the rule of
/// ux-merge's output names, so no name leads outside the folder) and `.p<page>.png`.
func pictureName(doc: String, fileID: String?, page: Int) -> String {
    pictureNames.stem(doc: doc, fileID: fileID) + ".p\(page).png"
}

/// The names handed out in this run: a document keeps its path's name, and another document (another
/// file, or one given under another path) whose path maps to the same name gets `~2`, `~3`, ..., as
/// ux-merge's outputs do, so no document's pictures are drawn over another's.
final class PictureNames: @unchecked Sendable {
    private let lock = Lock()
    private var stems: [String: String] = [:]
    private var taken: Set<String> = []

    func stem(doc: String, fileID: String?) -> String {
        lock.withLock {
            let key = doc + "\u{0}" + (fileID ?? "")
            if let stem = stems[key] { return stem }
            let base = String(OutputLayout.fileName(for: doc, format: "png").dropLast(".png".count))
            var stem = base, n = 1
            while taken.contains(stem) {
                n += 1
                stem = base + "~\(n)"
            }
            if n > 1 { Diagnostics.warning("another document is drawn as \(base).p*.png; this one as \(stem).p*.png", at: doc) }
            taken.insert(stem)
            stems[key] = stem
            return stem
        }
    }
}

let pictureNames = PictureNames()

/// Draws one page record into its picture; the record itself passes through unchanged. A page
/// that cannot be drawn is a warning: the run goes on.
func drawPage(_ record: PageRecord, _ documents: OpenDocuments<PDFTextDocument>, _ settings: DrawSettings,
              _ context: PageContext) -> PageRecord {
    guard let doc = record.doc, let page = record.page else { return record }
    do throws(UnifexError) {
        let canvas = try background(record, documents, settings, context)
        let (width, height) = pageSize(record, canvas: canvas, dpi: settings.dpi)
        let overlay = Overlay(record, show: settings.show)
        if !overlay.leftOut.isEmpty {
            Diagnostics.warning("drew the first \(Overlay.mostMarks) of each kind only; left out \(overlay.leftOut.joined(separator: ", "))",
                                at: record.location)
        }
        OverlayPainter(canvas: canvas, pageWidth: width, pageHeight: height).draw(overlay, on: canvas)
        try AtomicFile.write(try canvas.png(), to: PathName.join(settings.outputDir, pictureName(doc: doc, fileID: record.fileID, page: page)))
    } catch {
        Diagnostics.warning("page not drawn: \(error.message)", at: record.location)
    }
    return record
}

/// The page's size in points: the record's, else the picture's at the resolution drawn.
private func pageSize(_ record: PageRecord, canvas: Canvas, dpi: Double) -> (Double, Double) {
    if let w = record["width"]?.doubleValue, let h = record["height"]?.doubleValue, w.isFinite, h.isFinite, w > 0, h > 0 {
        return (w, h)
    }
    return (Double(canvas.width) * 72 / dpi, Double(canvas.height) * 72 / dpi)
}

/// The picture of the page to draw on: a PDF page rendered, an image page read and scaled. A
/// page that cannot be rendered gets a white page of its size, with a warning, so what the
/// records hold is still seen.
private func background(_ record: PageRecord, _ documents: OpenDocuments<PDFTextDocument>, _ settings: DrawSettings,
                        _ context: PageContext) throws(UnifexError) -> Canvas {
    do throws(UnifexError) {
        if record.source == RecordSource.pdf {
            let document: PDFTextDocument, page: Int
            do throws(RecordError) {
                (document, page) = try documents.open(for: record)
            } catch {
                throw UnifexError(code: error.code, message: error.message)
            }
            let rendered = try document.render(page: page, dpi: settings.dpi, maxPixels: Canvas.mostPixels,
                                               maxDimension: Canvas.longestSide)
            return try Canvas(grey: rendered.raster)
        }
        if record.source == RecordSource.image, let path = record.doc, let page = record.page {
            do throws(RecordError) {
                try PageMessages.checkUnchanged(record, stage: context.stage)
            } catch {
                throw UnifexError(code: error.code, message: error.message)
            }
            let image = try PageImage.load(path: path, page: page, dpi: record.imageDPI)
            let canvas = try blank(record, settings)
            try canvas.paint(png: try image.png(longestSide: max(canvas.width, canvas.height)).bytes)
            return canvas
        }
        throw UnifexError(code: "bad-record", message: "record's source is neither pdf nor image")
    } catch {
        let canvas = try blank(record, settings)
        Diagnostics.warning("page not rendered (\(error.message)); what the record holds is drawn on a blank page",
                            at: record.location)
        return canvas
    }
}

/// A white canvas of the record's page size at the run's resolution (a US letter page when the
/// record has no usable size), held within the canvas limits.
private func blank(_ record: PageRecord, _ settings: DrawSettings) throws(UnifexError) -> Canvas {
    var w = record["width"]?.doubleValue ?? 612, h = record["height"]?.doubleValue ?? 792
    if !(w.isFinite && h.isFinite && w > 0 && h > 0) { (w, h) = (612, 792) }
    let scale = settings.dpi / 72
    let factor = fitFactor(width: w * scale, height: h * scale, maxPixels: Canvas.mostPixels, maxDimension: Canvas.longestSide)
    return try Canvas(width: Int(saturating: max(w * scale * factor, 1)), height: Int(saturating: max(h * scale * factor, 1)))
}
