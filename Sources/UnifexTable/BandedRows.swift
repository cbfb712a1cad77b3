/// Rows a ruled table draws only every few lines of text: statistics ruled every fifth state, a
/// ledger ruled by groups. Where every cell of a band between two rules holds the same number of
/// lines, at the same heights across the columns, each line is a row of its own.
///
/// A band holding two lines in every cell may be one row of wrapped text (a header, an address
/// beside a two-line name), so bands of two lines are split only in a table where some band
/// holds three or more; a band that a spanning cell crosses is left whole.
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
        for r in 0..<rows where !spanned[r] {
            cuts[r] = Self.cuts(inBand[r].map { TextLine.group(words[$0]) }.filter { !$0.isEmpty })
        }
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
                guard bottom < top else { return [] }
                out.append((bottom + top) / 2)
            }
        }
        return out
    }

    /// The rows' top edges and the last row's bottom, from the grid's rule positions.
    func tops(_ ys: [Double]) -> [Double] {
        var out: [Double] = []
        for r in cuts.indices { out.append(ys[r]); out += cuts[r] }
        out.append(ys[cuts.count])
        return out
    }
}
