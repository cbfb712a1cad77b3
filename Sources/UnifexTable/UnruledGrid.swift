import UnifexCore

/// The columns and rows of one run of lines, and the table they make.
struct UnruledGrid {
    var lines: [SegmentedLine]

    /// Lines before the first that has as many segments as the run's typical line: headers,
    /// whose segments may span columns and so do not decide where the columns are.
    var headerCount: Int {
        let typical = median(lines.filter(\.isMulti).map { Double($0.segments.count) })
        return lines.firstIndex { Double($0.segments.count) >= typical } ?? 0
    }

    /// The columns' extents: where the body's segments lie, between the gaps none covers.
    func extents() -> [(x0: Double, x1: Double)] {
        let body = lines[headerCount...]
        let height = median(body.map(\.line.height))
        let spans = body.flatMap { $0.segments.map { ($0.x0, $0.x1) } }.sorted { $0.0 < $1.0 }
        var result: [(x0: Double, x1: Double)] = []
        for (x0, x1) in spans {
            if let last = result.last, x0 - last.x1 < 0.25 * height {
                result[result.count - 1].x1 = max(last.x1, x1)
            } else {
                result.append((x0, x1))
            }
        }
        return result
    }

    func table(options: TableOptions, fewestRows: Int) -> Table? {
        // Column boundaries: the middles of the gaps no body segment covers.
        let columns = extents()
        var bounds = zip(columns, columns.dropFirst()).map { ($0.x1 + $1.x0) / 2 }
        guard bounds.count + 1 >= max(2, options.minCols) else { return nil }
        var rows = lines.map { line in cells(of: line, bounds, columns) }
        rows = joiningWrappedLabels(rows, lines)
        var cols = bounds.count + 1
        // A column of running text at either edge is prose beside the table, not part of it.
        for edge in [0, 1] where cols > 2 {
            let col = edge == 0 ? 0 : cols - 1
            let filled = rows.compactMap { $0.first { $0.col == col } }
            let words = filled.map { Double($0.words.count) }
            if Double(filled.count) >= 0.7 * Double(rows.count), median(words) >= 6 {
                let rest = rows.flatMap { $0.filter { $0.col != col }.map { Double($0.words.count) } }
                guard median(rest) <= 2 else { continue }
                rows = rows.map { $0.filter { $0.col != col && $0.col + $0.colspan - 1 != col } }
                if edge == 0 { rows = rows.map { $0.map { var c = $0; c.col -= 1; return c } }; bounds.removeFirst() }
                else { bounds.removeLast() }
                cols -= 1
            }
        }
        rows = rows.filter { !$0.isEmpty }
        guard cols >= max(2, options.minCols),
              rows.filter({ $0.count >= 2 }).count >= max(fewestRows, options.minRows),
              rows.count >= options.minRows else { return nil }
        let words = rows.flatMap { $0.flatMap(\.words) }
        guard let first = words.first else { return nil }
        let box = words.dropFirst().reduce(first.box) { $0.union($1.box) }
        let edges = [box.x0] + bounds + [box.x1]
        var out: [TableCell] = []
        for (r, row) in rows.enumerated() {
            let rowWords = row.flatMap(\.words)
            let y0 = rowWords.map(\.box.y0).min() ?? box.y0, y1 = rowWords.map(\.box.y1).max() ?? box.y1
            for c in row {
                out.append(TableCell(row: r, col: c.col, colspan: c.colspan,
                                     box: Box(x0: edges[c.col], y0: y0, x1: edges[c.col + c.colspan], y1: y1),
                                     text: cellText(c.words)))
            }
        }
        return Table(box: box, rows: rows.count, cols: cols, kind: .unruled, cells: out)
    }

    struct Placed {
        var col, colspan: Int
        var words: [TableWord]
        var isNumeric: Bool { Segment(words: words).isNumeric }
    }

    /// A line's segments in their columns: a segment lies in the columns whose body it overlaps
    /// (more than one for a spanning header; a header wider than the figures under it, aligned
    /// with them, stays in their column), or, overlapping none, in those its ends fall in between
    /// the boundaries; two segments in one column are one cell.
    func cells(of line: SegmentedLine, _ bounds: [Double], _ columns: [(x0: Double, x1: Double)]) -> [Placed] {
        var placed: [Placed] = []
        for segment in line.segments {
            let over = columns.indices.filter { columns[$0].x0 < segment.x1 && segment.x0 < columns[$0].x1 }
            let first = over.first ?? bounds.firstIndex { segment.x0 < $0 } ?? bounds.count
            let last = over.last ?? bounds.firstIndex { segment.x1 <= $0 } ?? bounds.count
            let span = max(first, last) - first + 1
            if let i = placed.lastIndex(where: { $0.col + $0.colspan > first }) {
                placed[i].words += segment.words
                placed[i].colspan = max(placed[i].colspan, first + span - placed[i].col)
            } else {
                placed.append(Placed(col: first, colspan: span, words: segment.words))
            }
        }
        return placed
    }

    /// A line holding only text in the first column, set tightly above a row that continues it,
    /// is the first part of a wrapped label: it joins that row. It is a section label, a row of
    /// its own, when the rows under it are indented from it (a hanging indent of a wrapped label
    /// comes back on the row after), when it stands further from the row above than from the row
    /// below, or when the next row's first word would have fitted on its line: text wraps only
    /// where the column is full, as wide as its widest label beside figures.
    func joiningWrappedLabels(_ rows: [[Placed]], _ lines: [SegmentedLine]) -> [[Placed]] {
        var result: [[Placed]] = []
        var carried: (words: [TableWord], line: TextLine)? = nil
        let labels = rows.filter { $0.count >= 2 }.flatMap { $0.filter { $0.col == 0 && $0.colspan == 1 }.flatMap(\.words) }
        let columnEnd = labels.map(\.box.x1).max() ?? 0
        func start(_ row: [Placed]) -> Double? { row.first { $0.col == 0 }?.words.map(\.box.x0).min() }
        func isSection(_ label: [TableWord], _ next: Int) -> Bool {
            guard let labelStart = label.map(\.box.x0).min(), let labelEnd = label.map(\.box.x1).max(),
                  let row = rows[next].first(where: { $0.col == 0 }), let firstWord = row.words.min(by: { $0.box.x0 < $1.box.x0 }),
                  let rowStart = start(rows[next]) else { return false }
            let height = max(1, lines[next].line.height)
            if rowStart - labelStart >= 0.8 * height {
                // Indented under the label: a section, unless the row after comes back (a hanging indent).
                guard next + 1 < rows.count, rows[next + 1].count >= 2, let after = start(rows[next + 1]) else { return true }
                return abs(after - labelStart) > 0.5 * height
            }
            if next >= 2 {
                let above = lines[next - 1].line.y0 - lines[next - 2].line.y1, below = lines[next].line.y0 - lines[next - 1].line.y1
                if above - below >= 0.5 * height { return true }
            }
            return labelEnd + 0.3 * height + firstWord.box.width < columnEnd
        }
        for (index, (row, line)) in zip(rows, lines).enumerated() {
            var row = row
            if let c = carried {
                let tight = line.line.y0 - c.line.y1 <= 0.5 * max(1, line.line.height)
                if tight, !isSection(c.words, index), let i = row.firstIndex(where: { $0.col == 0 }) {
                    row[i].words = c.words + row[i].words
                } else if tight, row.first?.col != 0 {
                    row.insert(Placed(col: 0, colspan: 1, words: c.words), at: 0)
                } else {
                    result.append([Placed(col: 0, colspan: 1, words: c.words)])
                }
                carried = nil
            }
            if row.count == 1, row[0].col == 0, row[0].colspan == 1, !row[0].isNumeric, result.count > 0 {
                carried = (row[0].words, line.line)
                continue
            }
            result.append(row)
        }
        if let c = carried { result.append([Placed(col: 0, colspan: 1, words: c.words)]) }
        return result
    }
}
