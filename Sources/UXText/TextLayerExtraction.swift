import Foundation
import UXShared
import UnifexCore
import UnifexPDF

/// The text layer of one PDF page, read with poppler: text, words, lines (and characters), its
/// damage reports, and the verdict whether it is good enough to use instead of OCR.
func extractTextLayer(_ input: PageRecord, _ documents: OpenDocuments<PDFTextDocument>, _ context: PageContext,
                      characters: Bool = false) -> PageRecord {
    var record = input
    let deadline = context.timeout
    let started = Date.timeIntervalSinceReferenceDate
    do throws(RecordError) {
        let (document, page) = try documents.open(for: record)
        guard let layer = document.textLayer(page: page, deadline: deadline, characters: characters) else {
            throw RecordError(stage: context.stage, code: "damaged", message: "page \(page) cannot be loaded")
        }
        let reports = layer.reports
        record.addWarnings(reports.messages)
        record.markDamaged(reports.damaged)
        if layer.aborted {
            record.fail(.timeout, context.timedOut())
            return record
        }
        layer.text.apply(to: &record)
        if characters {
            record["chars"] = .array(layer.glyphs.map { g in
                .object(JSONObject([("text", .string(g.text)), ("box", g.box.json), ("font", .string(g.font)),
                                    ("size", .double(g.size)), ("word", .int(g.word))]))
            })
        }
        record["text_source"] = .string(TextSource.pdf)
        let missingFontData = !reports.missingData.isEmpty
        var quality = TextLayerQuality(text: layer.text.text, missingFontData: missingFontData)
        // The coverage pass spends what is left of the page's one --timeout, not a second one.
        let remaining = deadline.map { $0 - (Date.timeIntervalSinceReferenceDate - started) }
        if quality.wantsImageCoverage, remaining.map({ $0 > 0 }) ?? true,
           let coverage = document.imageCoverage(page: page, deadline: remaining) {
            quality = TextLayerQuality(text: layer.text.text, imageCoverage: coverage, missingFontData: missingFontData)
        }
        record["text_layer"] = quality.json
    } catch {
        record.fail(.error, error)
    }
    return record
}
