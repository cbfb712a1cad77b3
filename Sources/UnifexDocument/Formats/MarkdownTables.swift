public import UnifexCore
/// Tables in markdown, GitHub's way: the rows that head the table (`header_rows`, the first row
/// when none is marked) are its header, a spanning cell's text is repeated in each place it covers
/// (markdown has no spans, and a dropped text would be lost). A title row on top, one cell across
/// the whole table, is a line of text above it instead, after the caption; the notes follow it.
/// A part that goes on with the table of the page before (`continued`) without header rows of its
/// own has no header to write: it gets an empty one, which the document's header then replaces
/// (`MarkdownDocument`), and its first row stays a row.
enum MarkdownTables {
    static func render(_ table: Table) -> String { rendered(table).markdown }

    /// The table's Markdown, and the two lines of its header (its own, or the empty one of a
    /// continued part).
    static func rendered(_ table: Table) -> (markdown: String, header: String) {
        let (titles, body) = withoutTitleRows(table)
        let caption = table.caption.map { [escape($0.text)] } ?? []
        let notes = table.notes.map { escape($0.text) + "\n\n" }.joined()
        let (grid, header) = grid(body)
        return ((caption + titles).map { $0 + "\n\n" }.joined() + grid + notes, header)
    }

    /// A continued part without header rows: its header is the one of the table it goes on with.
    static func headless(_ table: Table) -> Bool {
        table.continued && withoutTitleRows(table).1.headerRows == 0
    }

    /// Whether two headers head the same columns: their lines under the texts are the same.
    static func sameColumns(_ a: String, _ b: String) -> Bool {
        guard let i = a.firstIndex(of: "\n"), let j = b.firstIndex(of: "\n") else { return false }
        return a[i...] == b[j...]
    }

    /// The texts of the rows on top that are one cell across the whole table, and the table
    /// below them (at least one row is left a table).
    static func withoutTitleRows(_ table: Table) -> ([String], Table) {
        var titles: [String] = [], top = 0
        let rows = Dictionary(grouping: table.cells, by: \.row)
        while top < table.rows - 1, let row = rows[top] {
            guard row.count == 1, let cell = row.first, cell.col == 0, cell.colspan >= table.cols, cell.rowspan == 1 else { break }
            if !cell.text.isEmpty { titles.append(escape(cell.text)) }
            top += 1
        }
        guard top > 0 else { return ([], table) }
        var body = table
        body.rows -= top
        body.headerRows = max(0, table.headerRows - top)
        body.cells = table.cells.filter { $0.row >= top }.map { cell in
            var moved = cell
            moved.row -= top
            return moved
        }
        return (titles, body)
    }

    /// The grid's Markdown and its header's two lines.
    static func grid(_ table: Table) -> (markdown: String, header: String) {
        var grid = Array(repeating: Array(repeating: "", count: table.cols), count: table.rows)
        // Which cell each place holds the text of (-1: none), so that a spanning cell is told from
        // two cells of one text.
        var owner = Array(repeating: Array(repeating: -1, count: table.cols), count: table.rows)
        // Spans that cover more than the grid, many times over (a hostile record), are not repeated.
        var covered = 0
        for cell in table.cells where cell.row < table.rows && cell.col < table.cols {
            covered += min(cell.rowspan, table.rows - cell.row) * min(cell.colspan, table.cols - cell.col)
        }
        let repeatSpans = covered <= 2 * max(table.rows * table.cols, 1)
        for (i, cell) in table.cells.enumerated() where cell.row < table.rows && cell.col < table.cols {
            guard repeatSpans else { grid[cell.row][cell.col] = cell.text; owner[cell.row][cell.col] = i; continue }
            for r in cell.row..<min(table.rows, cell.row + cell.rowspan) {
                for c in cell.col..<min(table.cols, cell.col + cell.colspan) { grid[r][c] = cell.text; owner[r][c] = i }
            }
        }
        guard let first = grid.first, !first.isEmpty else { return ("", "") }
        // Several header rows make one: each column's texts top to bottom, a cell spanning rows once;
        // two cells of the same text are two texts.
        let heading = table.continued && table.headerRows == 0 ? 0 : max(1, min(table.headerRows, grid.count - 1))
        let header = (0..<first.count).map { c in
            var texts: [String] = [], last = -1
            for r in 0..<heading where !grid[r][c].isEmpty && (owner[r][c] != last || owner[r][c] < 0) {
                texts.append(grid[r][c])
                last = owner[r][c]
            }
            return texts.joined(separator: " ")
        }
        func row(_ texts: [String]) -> String { "| " + texts.map(escape).joined(separator: " | ") + " |\n" }
        let head = row(header) + "|" + String(repeating: " --- |", count: header.count) + "\n"
        var out = head
        for r in grid.dropFirst(heading) { out += row(r) }
        return (out + "\n", head)
    }

    /// A cell is one line of a table row: a pipe would end it, a line break would end the row.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            if ch == "|" { out += "\\|" } else if ch.isNewline { out += " " } else { out.append(ch) }
        }
        return out
    }

    /// Whether a line of text belongs to one of the tables, its caption or its notes (its centre is inside).
    static func inside(_ box: Box, _ tables: [Table]) -> Bool {
        tables.contains { $0.regions.contains { $0.holdsMiddle(of: box) } }
    }
}
