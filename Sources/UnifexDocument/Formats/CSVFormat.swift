public import UnifexCore
/// Each table as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
/// comma, a quote or a line break). A spanning cell's text is at its top-left place, the other
/// places it covers are empty. On stdout the tables follow one another with an empty line
/// between; with --output-dir each table is a file of its own, `<doc>.p<page>.t<n>.csv`. A table
/// continued on the next page (`continued`) is one table: its part goes on in the same file (on
/// stdout, with no empty line before it), without the header rows it repeats.
///
/// A NUL never goes out (many CSV readers stop at it, or drop the rest of the line): each is
/// written as U+FFFD, the character that stands for one that could not be kept.
public struct CSVFormat: DocumentFormat {
    /// What happens to cells a spreadsheet would read as formulas.
    public var formulas: CSVFormulas

    public init(formulas: CSVFormulas = .keep) { self.formulas = formulas }
    public var name: String { "csv" }
    public var fileExtension: String { "csv" }

    /// The stored page: each table's CSV behind a line `<page> <n> <bytes> <continued> <header
    /// bytes>`, so that the tables can be written apart again, a continued one joined to the one
    /// before.
    public func page(_ record: PageRecord) -> [UInt8] {
        var out: [UInt8] = []
        for (n, table) in (record.tables ?? []).enumerated() {
            let header = Self.csv(table, formulas: formulas, rows: 0..<table.headerRows)
            let csv = header + Self.csv(table, formulas: formulas, rows: table.headerRows..<Int.max)
            out += Array("\(record.page ?? 0) \(n + 1) \(csv.count) \(table.continued ? 1 : 0) \(header.count)\n".utf8) + csv
        }
        return out
    }

    public func write(_ document: AssembledDocument, to sink: ([UInt8]) throws(UnifexError) -> Void) throws(UnifexError) {
        for (n, table) in Self.joined(document).enumerated() {
            try sink((n == 0 ? [] : Array("\r\n".utf8)) + table.csv)
        }
    }

    public func separateFiles(_ document: AssembledDocument) -> [(suffix: String, bytes: [UInt8])]? {
        Self.joined(document).map { (".p\($0.page).t\($0.number).csv", $0.csv) }
    }

    /// The document's tables, each continued part joined to the table it goes on with, less the
    /// header rows it repeats.
    static func joined(_ document: AssembledDocument) -> [StoredTable] {
        var out: [StoredTable] = []
        for page in document.storedPages() {
            for table in tables(in: page) {
                guard table.continued, let last = out.last else { out.append(table); continue }
                let header = table.csv.prefix(table.headerBytes)
                let repeats = table.headerBytes > 0 && last.csv.prefix(last.headerBytes).elementsEqual(header)
                out[out.count - 1].csv += repeats ? Array(table.csv.dropFirst(table.headerBytes)) : table.csv
            }
        }
        return out
    }

    struct StoredTable {
        var page, number: Int
        var csv: [UInt8]
        var continued = false
        var headerBytes = 0
    }

    /// The tables of a stored page.
    static func tables(in stored: [UInt8]) -> [StoredTable] {
        var found: [StoredTable] = []
        var i = 0
        while i < stored.count, let end = stored[i...].firstIndex(of: UInt8(ascii: "\n")) {
            let fields = String(decoding: stored[i..<end], as: UTF8.self).split(separator: " ").compactMap { Int($0) }
            guard fields.count == 3 || fields.count == 5, fields[2] >= 0, end + 1 + fields[2] <= stored.count else { break }
            var table = StoredTable(page: fields[0], number: fields[1], csv: Array(stored[(end + 1)..<(end + 1 + fields[2])]))
            if fields.count == 5 { table.continued = fields[3] == 1; table.headerBytes = min(max(0, fields[4]), fields[2]) }
            found.append(table)
            i = end + 1 + fields[2]
        }
        return found
    }

    public static func csv(_ table: Table, formulas: CSVFormulas = .keep) -> [UInt8] {
        csv(table, formulas: formulas, rows: 0..<Int.max)
    }

    static func csv(_ table: Table, formulas: CSVFormulas, rows: Range<Int>) -> [UInt8] {
        var out = ""
        for row in table.grid()[min(rows.lowerBound, table.rows)..<min(rows.upperBound, table.rows)] {
            out += row.map { field($0, formulas: formulas) }.joined(separator: ",") + "\r\n"
        }
        return Array(out.utf8)
    }

    static func field(_ cell: String, formulas: CSVFormulas) -> String {
        var text = cell
        if text.unicodeScalars.contains("\u{0}") {
            text = String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
        }
        if formulas == .escape, let first = text.unicodeScalars.first, CSVFormulas.formulaStarts.contains(first) {
            return quoted("'" + text)
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return quoted(text)
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}

/// `ux-merge --csv-formulas`: what to do with cells that begin like a spreadsheet formula.
///
/// `keep` (the default) writes every cell as it is: a table's text is data, and "-5" or
/// "=" in a cell is what the page says. `escape` follows OWASP's rule for CSV meant to be
/// opened in a spreadsheet: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
/// return gets a `'` in front and is quoted, so that the spreadsheet shows it as text instead
/// of running it (a formula can fetch URLs or start programs).
public enum CSVFormulas: String, CaseIterable, Sendable {
    case keep, escape

    /// The first characters that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
