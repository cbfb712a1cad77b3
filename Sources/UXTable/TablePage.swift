import Foundation
import UXShared
import UnifexCore
import UnifexPDF
import UnifexTable

/// Most drawn marks read from one page; a page drawing more is a picture made of lines.
let mostMarks = 50_000

/// The tables of one page record, added as `tables`.
func findTables(_ input: PageRecord, _ documents: OpenDocuments<PDFTextDocument>, _ options: TableOptions,
                _ context: PageContext) -> PageRecord {
    var record = input
    let words = (record["words"]?.arrayValue ?? []).compactMap { TextSpan($0) }
        .filter { w in [w.box.x0, w.box.y0, w.box.x1, w.box.y1].allSatisfy(\.isFinite) && w.box.width >= 0 && w.box.height >= 0 }
        .map { TableWord(text: $0.text, box: $0.box) }
    var rulings: [Ruling] = [], shapes: [Box] = []
    if options.strategy != .unruled, record.source == RecordSource.pdf {
        do throws(RecordError) {
            let (document, page) = try documents.open(for: record)
            guard let marks = document.marks(page: page, limit: mostMarks, deadline: context.timeout) else {
                throw RecordError(stage: context.stage, code: "damaged", message: "page \(page) cannot be loaded")
            }
            if marks.aborted {
                record.fail(.timeout, context.timedOut(detail: "while reading the page's drawing"))
                return record
            }
            if marks.truncated {
                record.addWarnings(["table: the page draws more than \(mostMarks) lines and shapes; ruled tables not looked for"])
            } else {
                let drawn = marks.marks.map(\.drawn)
                rulings = RulingExtraction.rulings(from: drawn)
                shapes = RulingExtraction.shapes(in: drawn)
                if rulings.count > TableDetector.mostRulings {
                    record.addWarnings(["table: the page draws \(rulings.count) ruling lines; ruled tables not looked for"])
                    rulings = []
                    shapes = []
                }
            }
        } catch {
            record.fail(.error, error)
            return record
        }
    }
    let tables = TableDetector.tables(words: words, rulings: rulings, shapes: shapes, options: options)
    record["tables"] = .array(tables.map(\.json))
    return record
}

extension PageMark {
    var drawn: DrawnMark {
        switch self {
        case let .stroke(x0, y0, x1, y1, width): .stroke(x0: x0, y0: y0, x1: x1, y1: y1, width: width)
        case let .fill(box): .fill(box)
        }
    }
}
