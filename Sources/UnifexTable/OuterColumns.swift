import UnifexCore

/// Columns a ruled table sets outside its outer rules: a grid drawn without a left or right
/// border leaves its label column (and a last column) beside the rulings. Words beside the grid
/// whose lines fall in its rows, in most of them, with no more than a few words a row, are such
/// columns; they join the table as columns of their own, ordered by where they stand.
enum OuterColumns {
    /// The share of a table's rows an outer column must fill.
    static let filledRows = 0.5

    static func extend(_ table: Table, words: [TableWord]) -> Table {
        guard table.kind == .ruled, table.rows >= 3 else { return table }
        var tops = Array(repeating: Double.infinity, count: table.rows), bottoms = Array(repeating: -Double.infinity, count: table.rows)
        for cell in table.cells {
            tops[cell.row] = min(tops[cell.row], cell.box.y0)
            bottoms[cell.row + cell.rowspan - 1] = max(bottoms[cell.row + cell.rowspan - 1], cell.box.y1)
        }
        guard tops.allSatisfy(\.isFinite), bottoms.allSatisfy(\.isFinite) else { return table }
        let box = table.box
        let widest = table.cells.filter { $0.colspan == 1 }.map { $0.box.x1 - $0.box.x0 }.max() ?? 0
        let beside = words.filter { w in w.centerY > box.y0 && w.centerY < box.y1 && (w.box.x1 <= box.x0 + 1 || w.box.x0 >= box.x1 - 1) }
        func row(_ y: Double) -> Int? { (0..<table.rows).first { y >= tops[$0] && y <= bottoms[$0] } }

        var out = table
        for left in [true, false] {
            let side = beside.filter { left ? $0.box.x1 <= box.x0 + 1 : $0.box.x0 >= box.x1 - 1 }
            guard !side.isEmpty else { continue }
            let lines = TextLine.group(side).map { SegmentedLine($0, gapRatio: UnruledTables.segmentGap) }
            // Columns: the x-extents of the segments, overlapping ones merged.
            var columns: [(x0: Double, x1: Double)] = []
            for s in lines.flatMap(\.segments).sorted(by: { $0.x0 < $1.x0 }) {
                if let last = columns.last, s.x0 <= last.x1 { columns[columns.count - 1].x1 = max(last.x1, s.x1) } else { columns.append((s.x0, s.x1)) }
            }
            // Only the columns next to the grid, each no further from the next than the widest cell.
            var kept: [(x0: Double, x1: Double)] = []
            var edge = left ? box.x0 : box.x1
            for column in (left ? columns.reversed() : columns) {
                let gap = left ? edge - column.x1 : column.x0 - edge
                guard gap <= max(widest, 1) else { break }
                kept.append(column)
                edge = left ? column.x0 : column.x1
            }
            if left { kept.reverse() }
            guard !kept.isEmpty else { continue }
            // Each line in a row of the grid, a few words a segment, filling most rows.
            var cells: [Int: [Int: [TableWord]]] = [:]
            var ok = true
            for line in lines {
                guard let r = row(line.line.centerY) else { continue }
                for s in line.segments {
                    guard let c = kept.firstIndex(where: { s.x0 < $0.x1 + 0.5 && s.x1 > $0.x0 - 0.5 }) else { continue }
                    if Double(s.words.count) >= UnruledTables.proseWordsPerSegment { ok = false }
                    cells[c, default: [:]][r, default: []] += s.words
                }
            }
            guard ok, (0..<kept.count).allSatisfy({ Double(cells[$0]?.count ?? 0) >= filledRows * Double(table.rows) }) else { continue }
            let shift = left ? kept.count : 0
            let first = left ? 0 : out.cols
            out.cells = out.cells.map { var c = $0; c.col += shift; return c }
            for (c, column) in kept.enumerated() {
                for (r, inCell) in cells[c] ?? [:] {
                    out.cells.append(TableCell(row: r, col: first + c, box: Box(x0: column.x0, y0: tops[r], x1: column.x1, y1: bottoms[r]),
                                               text: cellText(inCell)))
                }
            }
            out.cols += kept.count
            out.box = out.box.union(Box(x0: kept[0].x0, y0: box.y0, x1: kept[kept.count - 1].x1, y1: box.y1))
        }
        out.cells.sort { ($0.row, $0.col) < ($1.row, $1.col) }
        return out
    }
}
