/// The tables of a page record (`tables`), as ux-table writes them and the output formats read them.


/// How a table was found: from ruling lines drawn on the page, or from the words alone.
public enum TableKind: String, Sendable {
    case ruled, unruled
}

/// One cell of a table: its place in the grid (0-based, spans at least 1), its box in the
/// page's coordinates and its text (words in reading order, wrapped lines joined by a space).
public struct TableCell: Equatable, Sendable {
    public var row, col, rowspan, colspan: Int
    public var box: Box
    public var text: String

    public init(row: Int, col: Int, rowspan: Int = 1, colspan: Int = 1, box: Box, text: String) {
        self.row = row; self.col = col; self.rowspan = rowspan; self.colspan = colspan
        self.box = box; self.text = text
    }

    public var json: JSONValue {
        .object(JSONObject([("row", .int(row)), ("col", .int(col)), ("rowspan", .int(rowspan)),
                            ("colspan", .int(colspan)), ("box", box.json), ("text", .string(text))]))
    }

    public init?(_ value: JSONValue?) {
        // Places and spans are held to a table's largest size, so that no sum of them overflows.
        guard let o = value?.objectValue, let row = o["row"]?.intValue, let col = o["col"]?.intValue,
              (0...Table.mostRows).contains(row), (0...Table.mostCols).contains(col), let box = Box(o["box"]) else { return nil }
        self.init(row: row, col: col, rowspan: min(max(1, o["rowspan"]?.intValue ?? 1), Table.mostRows),
                  colspan: min(max(1, o["colspan"]?.intValue ?? 1), Table.mostCols), box: box, text: o["text"]?.stringValue ?? "")
    }
}

/// Text that goes with a table without being one of its rows: its caption ("Table 3: ...") or a
/// note under it ("Source: ...", a units line), with its box.
public struct TableText: Equatable, Sendable {
    public var text: String
    public var box: Box

    public init(text: String, box: Box) { self.text = text; self.box = box }

    public var json: JSONValue { .object(JSONObject([("text", .string(text)), ("box", box.json)])) }

    public init?(_ value: JSONValue?) {
        guard let o = value?.objectValue, let text = o["text"]?.stringValue, let box = Box(o["box"]) else { return nil }
        self.init(text: text, box: box)
    }
}

/// A table on a page: its box, its grid size and its cells. A spanning cell covers the grid
/// places of its spans and appears once, at its top-left place. The first `headerRows` rows head
/// the table; `caption` and `notes` lie outside the box, above and below it. `continued` marks
/// the part of a table that goes on from the page before (set where documents are assembled).
public struct Table: Equatable, Sendable {
    public var box: Box
    public var rows, cols: Int
    public var kind: TableKind
    public var cells: [TableCell]
    public var headerRows: Int
    public var caption: TableText?
    public var notes: [TableText]
    public var continued: Bool

    public init(box: Box, rows: Int, cols: Int, kind: TableKind, cells: [TableCell], headerRows: Int = 0,
                caption: TableText? = nil, notes: [TableText] = [], continued: Bool = false) {
        self.box = box; self.rows = rows; self.cols = cols; self.kind = kind; self.cells = cells
        self.headerRows = headerRows; self.caption = caption; self.notes = notes; self.continued = continued
    }

    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [("box", box.json), ("rows", .int(rows)), ("cols", .int(cols)),
                                             ("kind", .string(kind.rawValue)), ("header_rows", .int(headerRows))]
        if let caption { fields.append(("caption", caption.json)) }
        if !notes.isEmpty { fields.append(("notes", .array(notes.map(\.json)))) }
        if continued { fields.append(("continued", .bool(true))) }
        fields.append(("cells", .array(cells.map(\.json))))
        return .object(JSONObject(fields))
    }

    /// Where the table and the text that goes with it lie: its box, its caption's and its notes'.
    public var regions: [Box] { [box] + (caption.map { [$0.box] } ?? []) + notes.map(\.box) }

    /// The largest table a record may carry: a grid of texts this size is what the output
    /// formats build, and a record is input.
    public static let mostRows = 100_000, mostCols = 10_000, mostPlaces = 4_000_000

    /// Reads a table from a record; nil when the shape is not a table's, or too large to be one.
    public init?(_ value: JSONValue?) {
        guard let o = value?.objectValue, let box = Box(o["box"]), let rows = o["rows"]?.intValue,
              let cols = o["cols"]?.intValue, (0...Table.mostRows).contains(rows), (0...Table.mostCols).contains(cols),
              rows * cols <= Table.mostPlaces else { return nil }
        let cells = o["cells"]?.arrayValue?.compactMap { TableCell($0) } ?? []
        self.init(box: box, rows: rows, cols: cols,
                  kind: TableKind(rawValue: o["kind"]?.stringValue ?? "") ?? .unruled, cells: cells,
                  headerRows: min(max(0, o["header_rows"]?.intValue ?? 0), rows),
                  caption: TableText(o["caption"]), notes: o["notes"]?.arrayValue?.compactMap { TableText($0) } ?? [],
                  continued: o["continued"]?.boolValue ?? false)
    }

    /// The grid of texts, row by row: a spanning cell's text at its top-left place, and
    /// `spanned` in the other places it covers.
    public func grid(spanned: String = "") -> [[String]] {
        var grid = Array(repeating: Array(repeating: "", count: cols), count: rows)
        for cell in cells where cell.row < rows && cell.col < cols {
            for r in cell.row..<min(rows, cell.row + cell.rowspan) where !spanned.isEmpty {
                for c in cell.col..<min(cols, cell.col + cell.colspan) { grid[r][c] = spanned }
            }
            grid[cell.row][cell.col] = cell.text
        }
        return grid
    }

    /// The cell whose grid places include (row, col).
    public func cell(at row: Int, _ col: Int) -> TableCell? {
        cells.first { row >= $0.row && row < $0.row + $0.rowspan && col >= $0.col && col < $0.col + $0.colspan }
    }
}


extension PageRecord {
    /// The page's tables, nil when ux-table has not looked at it; entries that are not tables are left out.
    public var tables: [Table]? { self["tables"]?.arrayValue.map { $0.compactMap { Table($0) } } }
}
