import UnifexCore

/// The rows that head a table: from the top, rows whose cells name their columns rather than
/// hold their values, as the type of the text tells it. A column whose body is mostly figures
/// is headed by words (or years, "2007"); a header row holds no other figure there. A row that a
/// cell of the first row reaches down into heads the table too (a spanned 2-row header), and so
/// does a row under a cell that spans columns (a group over its subheads). At least one row is
/// left as the body.
enum HeaderRows {
    static func count(_ table: Table) -> Int {
        guard table.rows >= 2, table.cols >= 1 else { return 0 }
        var grid = Array(repeating: Array(repeating: TableCell?.none, count: table.cols), count: table.rows)
        for cell in table.cells where cell.row < table.rows && cell.col < table.cols { grid[cell.row][cell.col] = cell }
        let texts = grid.map { $0.map { $0?.text.trimmingWhitespace() ?? "" } }
        let figures = texts.map { $0.map(isFigure) }
        func text(_ r: Int, _ c: Int) -> String { texts[r][c] }
        // The first row's reach down: a header cell spanning rows.
        var spanned = 0
        for cell in table.cells where cell.row == 0 { spanned = max(spanned, cell.rowspan) }
        // A row is header-like while no column of figures holds a figure in it (years aside).
        let candidates = min(table.rows - 1, max(3, table.rows / 3))
        var header = 0
        while header < candidates {
            let r = header
            let body = (r + 1)..<table.rows
            let filled = (0..<table.cols).filter { !text(r, $0).isEmpty }
            guard !filled.isEmpty else { break }
            var figureColumns = 0, headed = 0
            for c in 0..<table.cols {
                var values = 0, numbers = 0
                for b in body where !texts[b][c].isEmpty {
                    values += 1
                    if figures[b][c] { numbers += 1 }
                }
                guard values >= 2, Double(numbers) >= 0.6 * Double(values) else { continue }
                figureColumns += 1
                let t = text(r, c)
                if t.isEmpty { continue }
                if figures[r][c] && !isYear(t) { headed = -1; break }
                headed += 1
            }
            let spansColumns = (0..<table.cols).contains { (grid[r][$0]?.colspan ?? 1) > 1 }
            if headed < 0 { break }
            if figureColumns == 0 {
                // A table of words: the rows its top cells span, or its first row when it differs
                // in kind from the rest (no table repeats its first row's shape exactly).
                header = max(spanned, 1)
                break
            }
            guard headed > 0 || spansColumns || r < spanned else { break }
            header += 1
        }
        return min(header, table.rows - 1)
    }

    /// A number as tables print them: digits with separators, signs, a percent or currency sign,
    /// in brackets for a negative; a dash alone is a figure too (nothing to report).
    static func isFigure(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        return !scalars.isEmpty && scalars.allSatisfy(figureScalars.contains)
            && (scalars.contains { ("0"..."9").contains($0) } || text == "-" || text == "–" || text == "—")
    }

    private static let figureScalars = Set("0123456789.,-–—+%$€£¥()[]*' \u{A0}".unicodeScalars)

    static func isYear(_ text: String) -> Bool {
        let digits = text.filter(\.isNumber)
        guard digits.count == 4, text.count <= 9, let year = Int(digits) else { return false }
        return (1800...2100).contains(year)
    }
}
