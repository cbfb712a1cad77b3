public import UXShared
import Foundation
import UnifexCore
import UnifexPDF
import UnifexTable

public struct TableCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ux-table",
        abstract: "Find tables on page records: cells with boxes and text, ruled or not.",
        discussion: """
            Reads page records that carry `words` (from ux-text or ux-ocr) and writes them to stdout \
            in the same order with `tables` added: each table's box, its rows and columns, its kind \
            ("ruled" when drawn lines make its grid, "unruled" when found from the words alone), \
            how many rows head it (header_rows), its caption ("Table 10: ...") and notes \
            ("Source: ...", units such as "(%)") when they stand beside it, which are not rows, and \
            its cells (row, col, rowspan, colspan, box, text). A page without a table gets \
            `"tables": []`; records without words pass through unchanged. Text-layer PDF pages \
            also get the images they draw (`images`: each one's box), for ux-layout's pictures.

            Ruling lines come from the PDF's own drawing (strokes and thin filled rectangles); on \
            image pages and OCRed scans they are found in the page image. A page whose drawing \
            cannot be analysed gets a warning and its tables without rulings. On a page whose \
            text runs up or down (a table printed sideways), rows and columns follow the text; \
            boxes stay on the page as displayed.

            Examples:
              ux-split report.pdf | ux-text | ux-table | ux-merge --format markdown
              ux-split scans/*.pdf | ux-text | ux-ocr | ux-table -j2 | ux-merge --format csv --output-dir out
              ux-split invoice.pdf | ux-text | ux-table --strategy unruled --area 0,400,612,792

            \(exitStatusHelp)
            """,
        version: unifexVersion)

    @OptionGroup public var stageOptions: PageStageOptions

    @Option(help: "auto: ruled tables where drawn lines make a grid, tables without rulings elsewhere; ruled; unruled.")
    var strategy: TableStrategy = TableStrategy(.auto)

    @Option(help: "Look for tables only in this part of the page: x0,y0,x1,y1 in points, top-left origin.")
    var area: TableArea?

    @Option(name: .customLong("min-rows"), help: "Drop tables with fewer rows (tables without rulings need 3 rows of two or more cells).")
    var minRows = 2

    @Option(name: .customLong("min-cols"), help: "Drop tables with fewer columns.")
    var minCols = 2

    @Option(help: timeoutHelp)
    public var timeout = PageTimeout(60)

    @OptionGroup var password: PasswordOption

    public init() {}

    public mutating func validate() throws {
        guard (1...10_000).contains(minRows) else { throw ValidationError("--min-rows must be between 1 and 10000") }
        guard (1...10_000).contains(minCols) else { throw ValidationError("--min-cols must be between 1 and 10000") }
    }

    public func run() throws { runStage() }
}

extension TableCommand: PageStage {
    public static var stage: String { StageName.table }
    public var passwordOption: PasswordOption? { password }
    public var libraryVersions: [String: String] { PDFTextDocument.libraryVersions }

    /// Ok pages that carry words; the rest pass through.
    public func wants(_ record: PageRecord) -> Bool {
        record.status == .ok && record.page != nil && record["words"]?.arrayValue != nil
    }

    public func makePage(_ context: PageContext) -> (PageRecord) -> PageRecord {
        let documents = context.documents(open: { path, password throws(UnifexError) in
            try PDFTextDocument(path: path, password: password)
        }, pageCount: { $0.pageCount })
        let options = TableOptions(strategy: strategy.value, area: area?.box, minRows: minRows, minCols: minCols)
        return { record in findTables(record, documents, options, context) }
    }
}

/// `--strategy`.
struct TableStrategy: ExpressibleByArgument, Sendable {
    var value: TableOptions.Strategy
    init(_ value: TableOptions.Strategy) { self.value = value }
    init?(argument: String) {
        guard let value = TableOptions.Strategy(rawValue: argument) else { return nil }
        self.value = value
    }
    var defaultValueDescription: String { value.rawValue }
    static var allValueStrings: [String] { TableOptions.Strategy.allCases.map(\.rawValue) }
}

/// `--area x0,y0,x1,y1`.
struct TableArea: ExpressibleByArgument, Sendable {
    var box: Box
    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let n = parts as? [Double], n.allSatisfy(\.isFinite), n[0] < n[2], n[1] < n[3] else {
            return nil
        }
        box = Box(x0: n[0], y0: n[1], x1: n[2], y1: n[3])
    }
}
