import Foundation
import UXShared
import UnifexCore
import UnifexOCR
import UnifexPDF

struct OCRSettings: Sendable {
    var language: String
    var psm: Int
    var dpi: Double
    var maxPixels: Int
    var rotate: Bool
    var deskew: Bool
}

/// Which records ux-ocr works on: ok pages of PDFs and images whose text layer is missing or
/// unusable and that were not OCRed already; with `force`, every ok page.
func wantsOCR(_ record: PageRecord, force: Bool) -> Bool {
    guard record.status == .ok, record.page != nil, record.source == RecordSource.pdf || record.source == RecordSource.image else {
        return false
    }
    if force { return true }
    if record["text_source"]?.stringValue == TextSource.ocr { return false }
    guard let layer = record["text_layer"]?.objectValue else { return true }
    return layer["usable"]?.boolValue != true
}

func ocrPage(_ input: PageRecord, _ documents: OpenDocuments<PDFTextDocument>, _ engine: Result<OCREngine, RecordError>,
             _ settings: OCRSettings, _ context: PageContext) -> PageRecord {
    let started = Date.timeIntervalSinceReferenceDate
    var record = input
    do throws(RecordError) {
        let engine = try engine.get()
        let (image, downscaled, warnings, damaged) = try pageImage(record, documents, settings, context)
        // Tesseract's own deadline comes a little before the pipeline's, so a slow page normally
        // ends inside tesseract and the worker thread (with its loaded models) carries on.
        var limit: Double? = nil
        if let timeout = context.timeout {
            limit = timeout - min(1, timeout * 0.1) - (Date.timeIntervalSinceReferenceDate - started)
        }
        let result: OCRResult
        do throws(UnifexError) {
            result = try engine.recognize(image, detectOrientation: settings.rotate, deskew: settings.deskew,
                                          timeLimit: limit)
        } catch {
            throw context.error(error)
        }

        result.text.apply(to: &record)
        record["text_source"] = .string(TextSource.ocr)
        var ocr = JSONObject([
            ("engine", .string("tesseract")),
            ("lang", .string(settings.language)),
            ("psm", .int(settings.psm)),
            ("dpi", .double(image.dpi)),
        ])
        if downscaled { ocr["downscaled"] = .bool(true) }
        if let orientation = result.orientation {
            ocr["orientation"] = .int(orientation)
            if let confidence = result.orientationConfidence { ocr["orientation_conf"] = .double(confidence) }
        }
        if let skew = result.skew { ocr["skew"] = .double((skew * 100).rounded() / 100) }
        if let mean = result.meanConfidence { ocr["conf"] = .double(mean) }
        record["ocr"] = .object(ocr)
        record["blank"] = result.blank ? .bool(true) : nil
        record.markDamaged(damaged)
        var notes = warnings
        if result.orientationUndetermined {
            notes.append("orientation not detected (too little text); OCRed as displayed")
        }
        if downscaled {
            notes.append("page rendered at \(formatted(image.dpi)) dpi instead of \(formatted(settings.dpi)) to stay within the pixel limit")
        }
        // A page ux-text already read carries the same damage reports; say each once.
        let known = Set(record.warnings)
        record.addWarnings(notes.filter { !known.contains($0) })
    } catch {
        if error.code == "timeout" {
            record.fail(.timeout, context.timedOut(detail: "no partial text"))
        } else {
            record.fail(.error, error)
        }
    }
    return record
}

/// The page as an image ready for tesseract: a PDF page rendered, an image page read.
private func pageImage(_ record: PageRecord, _ documents: OpenDocuments<PDFTextDocument>,
                       _ settings: OCRSettings, _ context: PageContext) throws(RecordError) -> (PageImage, Bool, [String], damaged: Bool) {
    if record.source == RecordSource.pdf {
        // Rendered as pdftoppm renders (poppler's Splash), which tesseract reads best; what poppler
        // reports while opening or rendering belongs to this page.
        let (document, page) = try documents.open(for: record)
        do throws(UnifexError) {
            let rendered = try document.render(page: page, dpi: settings.dpi, maxPixels: settings.maxPixels,
                                               maxDimension: OCREngine.maxDimension)
            let image = try PageImage(raster: Raster(width: rendered.width, height: rendered.height, channels: 1,
                                                     pixels: rendered.pixels), dpi: rendered.dpi)
            return (image, rendered.downscaled, rendered.warnings, rendered.reports.damaged)
        } catch {
            throw context.error(error)
        }
    }
    guard let path = record.doc, let number = record.page else { throw PageMessages.noDocumentOrPage(context.stage) }
    // ux-split measured the page at this resolution (Resolution.assumedForImages when the file
    // has none). The record's dpi is input: only a plausible resolution is believed.
    let dpi = record["dpi"]?.doubleValue.flatMap { (1...100_000).contains($0) ? $0 : nil } ?? Double(Resolution.assumedForImages)
    do throws(UnifexError) {
        let image = try PageImage.load(path: path, page: number, dpi: dpi)
        if let smaller = image.fitting(maxPixels: settings.maxPixels) { return (smaller, true, [], false) }
        return (image, false, [], false)
    } catch {
        throw context.error(error)
    }
}

private func formatted(_ value: Double) -> String {
    value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
}
