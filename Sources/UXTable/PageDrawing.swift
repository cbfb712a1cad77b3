import Foundation
import UXShared
import UnifexCore
import UnifexOCR
import UnifexPDF
import UnifexTable

/// Most drawn marks read from one page; a page drawing more is a picture made of lines.
let mostMarks = 50_000
/// Scanned PDF pages are rendered this fine to find their ruling lines, as fine as OCR reads
/// them: a dark hairline stays a pixel wide at half that, but a gap of paper a point wide between
/// light fills (the grid of a table drawn as grey cells) blurs into the fills.
let rulingDPI = 300.0

/// What a page draws that can bound table cells: rulings, and filled shapes.
struct PageDrawing {
    var rulings: [Ruling] = []
    var shapes: [Box] = []
    /// The images a text-layer page draws, nil when the page's drawing was not read as such (a
    /// scan's lines come from its pixels).
    var images: [Box]?
    /// The pictures a text-layer page draws with lines and curves (charts, diagrams), nil as `images`.
    var drawings: [Box]?
    var warnings: [String] = []

    /// Images smaller than this on either side (points) are marks, bullets or rules, not pictures.
    static let smallestImage = 4.0
    /// At most this many images are kept of a page (the largest): a page drawing more is tiled.
    static let mostImages = 500

    init() {}

    /// `imageAreas`: the marks were found in a page image, where a filled area's edges are
    /// rulings too (see `RulingExtraction.outlines`).
    /// `words`: the page's words, to tell a bar (a filled rectangle with nothing written in it)
    /// from a shaded cell or band.
    init(_ marks: [DrawnMark], images: [Box]? = nil, shapes drawn: [Box]? = nil, words: [Box] = [], page: Box? = nil,
         imageAreas: Bool = false) {
        if let drawn, let page {
            let fills = marks.compactMap { mark -> Box? in
                if case let .fill(box) = mark, min(box.width, box.height) > RulingExtraction.thinRectangle { return box }
                return nil
            }
            let bars = fills.count > 5000 ? [] : fills.filter { bar in !words.contains { bar.holdsMiddle(of: $0) } }
            drawings = Array(DrawingRegions.regions(shapes: drawn, rules: marks.map(\.box), bars: bars, page: page).prefix(Self.mostImages))
        }
        self.images = images.map { boxes in
            Array(boxes.filter { $0.width >= Self.smallestImage && $0.height >= Self.smallestImage }
                .sorted { $0.width * $0.height > $1.width * $1.height }.prefix(Self.mostImages))
        }
        rulings = RulingExtraction.rulings(from: marks)
        shapes = RulingExtraction.shapes(in: marks)
        if imageAreas {
            rulings = RulingExtraction.merged(rulings + RulingExtraction.outlines(of: shapes), tolerance: 1.5)
        }
        if rulings.count > TableDetector.mostRulings {
            warnings = ["table: the page draws \(rulings.count) ruling lines; ruled tables not looked for"]
            rulings = []
            shapes = []
        }
    }
}

/// The ruling lines of a page: from the PDF's drawing for a text-layer page, from the image for
/// an OCRed page (a scan has its lines in its pixels).
/// `words`: the page's words as read from the record, which tell bars and pictures from text.
func pageDrawing(_ record: PageRecord, words spans: [TextSpan], _ documents: OpenDocuments<PDFTextDocument>,
                 _ context: PageContext) throws(RecordError) -> PageDrawing {
    let scanned = record["text_source"]?.stringValue == TextSource.ocr
    if record.source == RecordSource.pdf && !scanned {
        let (document, page) = try documents.open(for: record)
        guard let marks = document.marks(page: page, limit: mostMarks, deadline: context.timeout) else {
            throw RecordError(stage: context.stage, code: "damaged", message: "page \(page) cannot be loaded")
        }
        if marks.aborted { throw RecordError(stage: context.stage, code: "timeout", message: "timed out") }
        guard !marks.truncated else {
            var drawing = PageDrawing()
            drawing.warnings = ["table: the page draws more than \(mostMarks) lines and shapes; ruled tables not looked for"]
            return drawing
        }
        let bounds = Box(x0: 0, y0: 0, x1: record["width"]?.doubleValue ?? 0, y1: record["height"]?.doubleValue ?? 0)
        let words = spans.prefix(100_000).map(\.box)
        return PageDrawing(marks.marks.compactMap(\.drawn), images: marks.marks.compactMap(\.image),
                           shapes: marks.marks.compactMap(\.shape), words: words, page: bounds)
    }
    let image = try pageImage(record, documents, context)
    let runs = image.lineRuns()
    var drawing = PageDrawing(runs.map { DrawnMark.fill($0) }, imageAreas: true)
    // The scan's pictures: its ink that is neither words nor rulings.
    if let ink = image.inkGrid(), let width = record["width"]?.doubleValue, let height = record["height"]?.doubleValue {
        let words = spans.prefix(100_000).map { ($0.box, $0.confidence) }
        drawing.drawings = Array(ScanPictures.regions(ink: ink, words: words, rulings: runs, page: Box(x0: 0, y0: 0, x1: width, y1: height))
            .prefix(PageDrawing.mostImages))
    }
    return drawing
}

/// The page as an image: a PDF page rendered, an image page read.
private func pageImage(_ record: PageRecord, _ documents: OpenDocuments<PDFTextDocument>,
                       _ context: PageContext) throws(RecordError) -> PageImage {
    if record.source == RecordSource.pdf {
        let (document, page) = try documents.open(for: record)
        do throws(UnifexError) {
            let rendered = try document.render(page: page, dpi: rulingDPI)
            return try PageImage(raster: rendered.raster, dpi: rendered.dpi)
        } catch {
            throw context.error(error)
        }
    }
    guard let path = record.doc, let number = record.page else { throw PageMessages.noDocumentOrPage(context.stage) }
    try PageMessages.checkUnchanged(record, stage: context.stage)
    let dpi = record.imageDPI
    do throws(UnifexError) {
        return try PageImage.load(path: path, page: number, dpi: dpi)
    } catch {
        throw context.error(error)
    }
}

extension PageMark {
    var drawn: DrawnMark? {
        switch self {
        case let .stroke(x0, y0, x1, y1, width): .stroke(x0: x0, y0: y0, x1: x1, y1: y1, width: width)
        case let .fill(box): .fill(box)
        case .image, .shape: nil
        }
    }

    var image: Box? {
        if case let .image(box) = self { return box }
        return nil
    }

    var shape: Box? {
        if case let .shape(box) = self { return box }
        return nil
    }
}

extension DrawnMark {
    /// The part of the page the mark covers.
    var box: Box {
        switch self {
        case let .stroke(x0, y0, x1, y1, width):
            let half = width.isFinite ? min(max(width, 0), 10) / 2 : 0
            return Box(x0: min(x0, x1) - half, y0: min(y0, y1) - half, x1: max(x0, x1) + half, y1: max(y0, y1) + half)
        case let .fill(box): return box
        }
    }
}
