public import UnifexCore
/// Each table as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
/// comma, a quote or a line break). A spanning cell's text is at its top-left place, the other
/// places it covers are empty. On stdout the tables follow one another with an empty line
/// between; with --output-dir each table is a file of its own, `<doc>.p<page>.t<n>.csv`.
///
/// A NUL never goes out (many CSV readers stop at it, or drop the rest of the line): each is
/// written as U+FFFD, the character that stands for one that could not be kept.
public struct CSVFormat: DocumentFormat {
    /// What happens to cells a spreadsheet would read as formulas.
    public var formulas: CSVFormulas

    public init(formulas: CSVFormulas = .keep) { self.formulas = formulas }
    public var name: String { "csv" }
    public var fileExtension: String { "csv" }

    /// The stored page: each table's CSV behind a line `<page> <n> <bytes>`, so that the tables can
    /// be written apart again.
    public func page(_ record: PageRecord) -> [UInt8] {
        var out: [UInt8] = []
        for (n, table) in (record.tables ?? []).enumerated() {
            let csv = Self.csv(table, formulas: formulas)
            out += Array("\(record.page ?? 0) \(n + 1) \(csv.count)\n".utf8) + csv
        }
        return out
    }

    public func write(_ document: AssembledDocument, to sink: ([UInt8]) throws(UnifexError) -> Void) throws(UnifexError) {
        var first = true
        for page in document.storedPages() {
            for table in Self.tables(in: page) {
                try sink((first ? [] : Array("\r\n".utf8)) + table.csv)
                first = false
            }
        }
    }

    public func separateFiles(_ document: AssembledDocument) -> [(suffix: String, bytes: [UInt8])]? {
        document.storedPages().flatMap { page in Self.tables(in: page).map { (".p\($0.page).t\($0.number).csv", $0.csv) } }
    }

    /// The tables of a stored page.
    static func tables(in stored: [UInt8]) -> [(page: Int, number: Int, csv: [UInt8])] {
        var found: [(page: Int, number: Int, csv: [UInt8])] = []
        var i = 0
        while i < stored.count, let end = stored[i...].firstIndex(of: UInt8(ascii: "\n")) {
            let fields = String(decoding: stored[i..<end], as: UTF8.self).split(separator: " ").compactMap { Int($0) }
            guard fields.count == 3, fields[2] >= 0, end + 1 + fields[2] <= stored.count else { break }
            found.append((fields[0], fields[1], Array(stored[(end + 1)..<(end + 1 + fields[2])])))
            i = end + 1 + fields[2]
        }
        return found
    }

    public static func csv(_ table: Table, formulas: CSVFormulas = .keep) -> [UInt8] {
        var out = ""
        for row in table.grid() { out += row.map { field($0, formulas: formulas) }.joined(separator: ",") + "\r\n" }
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
