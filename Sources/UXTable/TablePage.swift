import Foundation
import UXShared
import UnifexCore
import UnifexPDF
import UnifexTable

/// The tables of one page record, added as `tables`.
func findTables(_ input: PageRecord, _ documents: OpenDocuments<PDFTextDocument>, _ options: TableOptions,
                _ context: PageContext) -> PageRecord {
    var record = input
    let ocr = record["text_source"]?.stringValue == TextSource.ocr
    let spans = (record["words"]?.arrayValue ?? []).compactMap { TextSpan($0) }
    let words = spans
        .filter { w in [w.box.x0, w.box.y0, w.box.x1, w.box.y1].allSatisfy(\.isFinite) && w.box.width >= 0 && w.box.height >= 0 }
        .map { TableWord(text: $0.text, box: $0.box, ocr: ocr || $0.confidence != nil) }
    var drawing = PageDrawing()
    if options.strategy != .unruled {
        do throws(RecordError) {
            drawing = try pageDrawing(record, words: spans, documents, context)
        } catch {
            if error.code == "timeout" {
                record.fail(.timeout, context.timedOut(detail: "while reading the page's ruling lines"))
            } else {
                record.fail(.error, error)
            }
            return record
        }
        record.addWarnings(drawing.warnings)
    }
    let tables = TableDetector.tables(words: words, rulings: drawing.rulings, shapes: drawing.shapes, options: options)
    record["tables"] = .array(tables.map(\.json))
    if let images = drawing.images { record["images"] = .array(images.map { .object(JSONObject([("box", $0.json)])) }) }
    if let drawings = drawing.drawings { record["drawings"] = .array(drawings.map { .object(JSONObject([("box", $0.json)])) }) }
    return record
}
