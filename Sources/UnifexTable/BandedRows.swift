/// Rows a ruled table draws only every few lines of text: statistics ruled every fifth state, a
/// ledger ruled by groups. Where every cell of a band between two rules holds the same number of
/// lines, at the same heights across the columns, each line is a row of its own.
///
/// A band holding two lines in every cell may be one row of wrapped text (a header, an address
/// beside a two-line name), so bands of two lines are split only in a table where some band
/// holds three or more; a band that a spanning cell crosses is left whole. A band whose cells run
/// over different numbers of lines (columns ruled, rows not) is cut into the rows its lines make
/// (see `logicalCuts`), in a table where some band holds three rows or more: a ruled row of two
/// lines holds one row whose cells wrap.
struct BandedRows {
    /// Per grid row, where new row boundaries fall inside it (empty when it stays one row).
    var cuts: [[Double]]
    /// Per grid row, the index of its first row once bands are split.
    var first: [Int]
    var rows: Int { (first.last ?? 0) + (cuts.last?.count ?? 0) + (first.isEmpty ? 0 : 1) }

    /// `rects` are the cells' first and last grid rows, `words` the words in each.
    init(rows: Int, rects: [(r0: Int, r1: Int)], words: [[TableWord]]) {
        var cuts = Array(repeating: [Double](), count: rows)
        var inBand = Array(repeating: [Int](), count: rows)
        var spanned = Array(repeating: false, count: rows)
        for (i, rect) in rects.enumerated() {
            if rect.r0 == rect.r1 { inBand[rect.r0].append(i) } else { for r in rect.r0...rect.r1 { spanned[r] = true } }
        }
        var logical = Array(repeating: [Double]?.none, count: rows)
        for r in 0..<rows where !spanned[r] {
            let cells = inBand[r].map { TextLine.group(words[$0]) }.filter { !$0.isEmpty }
            logical[r] = Self.logicalCuts(cells)
            if logical[r] == nil { cuts[r] = Self.cuts(cells) }
        }
        for r in 0..<rows { if let l = logical[r] { cuts[r] = l } }
        if !cuts.contains(where: { $0.count >= 2 }) { cuts = Array(repeating: [], count: rows) }
        self.cuts = cuts
        var next = 0
        first = cuts.map { band in defer { next += band.count + 1 }; return next }
    }

    /// Boundaries between the lines of a band's cells, when at least two cells hold text and all
    /// of them the same lines: as many, each at one height across the cells, not overlapping.
    static func cuts(_ cells: [[TextLine]]) -> [Double] {
        guard cells.count >= 2, let k = cells.first?.count, k >= 2, cells.allSatisfy({ $0.count == k }) else { return [] }
        let height = cells.flatMap { $0.map(\.height) }.min() ?? 0
        guard height > 0 else { return [] }
        var out: [Double] = []
        for j in 0..<k {
            let centers = cells.map { $0[j].centerY }
            guard let low = centers.min(), let high = centers.max(), high - low <= 0.5 * height else { return [] }
            if j + 1 < k {
                let bottom = cells.map { $0[j].y1 }.max()!, top = cells.map { $0[j + 1].y0 }.min()!
                guard apart(bottom, top, height) else { return [] }
                out.append((bottom + top) / 2)
            }
        }
        return out
    }

    /// Boundaries between the rows of a band that holds several rows some of whose cells run over
    /// more than one line (columns ruled, rows not): the band's lines, across its cells, top to
    /// bottom; a line continues the row above when each of its cells continues text of the line
    /// before (the same cells, fewer of them than the row has, starting no further out) and none
    /// is a figure (figures do not wrap: a figure under a figure is the next row's). Nil when the
    /// band is one row, or every cell holds as many lines as the others and none continues another.
    static func logicalCuts(_ cells: [[TextLine]]) -> [Double]? {
        // A band whose cells hold a line each is one row.
        guard cells.count >= 2, cells.contains(where: { $0.count >= 2 }) else { return nil }
        // The band's lines: the cells' lines at one height, with the cells they are in.
        var lines: [(y0: Double, y1: Double, cells: [Int: Double], figures: Bool)] = []
        let all = cells.enumerated().flatMap { c, ls in ls.map { (c, $0) } }.sorted { $0.1.centerY < $1.1.centerY }
        for (c, line) in all {
            let figure = line.words.allSatisfy { HeaderRows.isFigure($0.text) }
            if let last = lines.last, min(last.y1, line.y1) - max(last.y0, line.y0) >= 0.5 * min(line.height, last.y1 - last.y0) {
                lines[lines.count - 1].y0 = min(last.y0, line.y0)
                lines[lines.count - 1].y1 = max(last.y1, line.y1)
                lines[lines.count - 1].cells[c] = line.x0
                lines[lines.count - 1].figures = last.figures || figure
            } else {
                lines.append((line.y0, line.y1, [c: line.x0], figure))
            }
        }
        guard lines.count >= 2 else { return nil }
        var cuts: [Double] = [], continued = false
        var row = Set(lines[0].cells.keys)
        for j in 1..<lines.count {
            let line = lines[j], above = lines[j - 1]
            // Wrapped text starts where the line above it did, or further in; a label set further
            // out is a section's, a row of its own.
            let inPlace = line.cells.allSatisfy { c, x0 in above.cells[c].map { x0 >= $0 - 0.5 * (line.y1 - line.y0) } ?? false }
            if inPlace, line.cells.count < row.count, !line.figures {
                continued = true
                continue
            }
            guard lines[j - 1].y1 < line.y0 else { return nil }
            cuts.append((lines[j - 1].y1 + line.y0) / 2)
            row = Set(line.cells.keys)
        }
        // Lines of the same cells at the same heights are the even split's to judge (below).
        return cuts.isEmpty || (!continued && cells.allSatisfy({ $0.count == cells[0].count })) ? nil : cuts
    }

    /// Whether a line ending at `bottom` and the next one starting at `top` are two rows: they
    /// do not overlap, or by less than half the smaller `height`, as OCR's boxes do on tightly
    /// set lines (a descender's box reaching the next line's capitals). The cut between them is
    /// at the middle.
    static func apart(_ bottom: Double, _ top: Double, _ height: Double) -> Bool {
        bottom < top || bottom - top < 0.5 * height
    }

    /// The rows' top edges and the last row's bottom, from the grid's rule positions.
    func tops(_ ys: [Double]) -> [Double] {
        var out: [Double] = []
        for r in cuts.indices { out.append(ys[r]); out += cuts[r] }
        out.append(ys[cuts.count])
        return out
    }
}
