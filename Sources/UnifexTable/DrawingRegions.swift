public import UnifexCore

/// Pictures drawn with lines and curves (charts, diagrams, vector logos): where the small boxes
/// along a page's curved, slanted and polygonal path pieces lie close together, with the straight
/// rules that frame them (a chart's axes). A ruled table, a rule under a heading or a frame around
/// a paragraph is no drawing: its rules are straight, and a frame's curved corners leave its
/// middle empty.
public enum DrawingRegions {
    /// Pieces closer than this (points) are one drawing.
    static let gap = 3.0
    /// Clusters of pieces this close (points) are one drawing: a chart's bars, a diagram's boxes.
    static let barGap = 12.0
    /// A drawing is at least this large on each side (points).
    static let smallestSide = 16.0
    /// The middle of a drawing (its box less a sixth on each side) is drawn in at least this share:
    /// a chart's lines cross it, a rounded frame's corners do not.
    static let middleInk = 0.01

    /// `shapes`: the boxes of the curved, slanted and polygonal pieces; `rules`: the boxes of the
    /// straight strokes and filled rectangles. Largest first.
    /// `bars`: filled rectangles with no text in them, which are a drawing where three or more lie
    /// together (a bar chart drawn with rectangles alone).
    public static func regions(shapes: [Box], rules: [Box], bars: [Box] = [], page: Box) -> [Box] {
        let shapes = shapes.filter { $0.isFiniteBox }, bars = bars.filter { $0.isFiniteBox && $0.width >= 2 && $0.height >= 2 }
        guard !shapes.isEmpty || bars.count >= 3, page.isFiniteBox, page.width > 0, page.height > 0 else { return [] }
        let grid = Grid(page: page, cell: max(gap, max(page.width, page.height) / 1500))
        for shape in shapes + bars { grid.mark(shape) }
        // Bars stand apart by about their width: pieces a bar's gap apart are one drawing.
        var clusters = merged(grid.components(), gap: barGap).filter { c in
            shapes.contains { $0.overlapRatio(c) > 0 || c.holdsMiddle(of: $0) }
                || bars.filter { c.holdsMiddle(of: $0) }.count >= 3
        }
        // The straight rules a drawing holds or that frame it (a chart's axes, a diagram's
        // boxes): along most of its side and no longer than it, rather than running on past it
        // (a rule across the page beside a logo), and near it. Twice: one axis brings the other
        // nearer.
        let rules = rules.filter(\.isFiniteBox)
        for _ in 0..<2 {
            for i in clusters.indices {
                for rule in rules where frames(rule, clusters[i]) { clusters[i] = clusters[i].union(rule) }
            }
        }
        return merged(clusters).filter { box in
            guard box.width >= smallestSide, box.height >= smallestSide else { return false }
            let middle = Box(x0: box.x0 + box.width / 6, y0: box.y0 + box.height / 6, x1: box.x1 - box.width / 6, y1: box.y1 - box.height / 6)
            return grid.share(in: middle) >= middleInk
        }.sorted { $0.width * $0.height > $1.width * $1.height }
    }

    static func frames(_ rule: Box, _ box: Box) -> Bool {
        if rule.touches(box, within: gap) && rule.x0 >= box.x0 - gap && rule.x1 <= box.x1 + gap && rule.y0 >= box.y0 - gap && rule.y1 <= box.y1 + gap {
            return true
        }
        let horizontal = rule.width >= rule.height
        let (along0, along1, from0, from1) = horizontal ? (rule.x0, rule.x1, box.x0, box.x1) : (rule.y0, rule.y1, box.y0, box.y1)
        let length = along1 - along0, extent = from1 - from0
        let shared = min(along1, from1) - max(along0, from0)
        guard extent > 0, shared >= 0.8 * extent, length <= 1.5 * extent + 2 * gap else { return false }
        let distance = horizontal ? max(rule.y0 - box.y1, box.y0 - rule.y1, 0) : max(rule.x0 - box.x1, box.x0 - rule.x1, 0)
        return distance <= max(gap, 0.25 * (horizontal ? box.height : box.width))
    }

    /// Boxes that touch (`gap` points apart at most) made one, until none do.
    static func merged(_ boxes: [Box], gap: Double = gap) -> [Box] {
        Box.joinTouching(boxes, within: gap, box: { $0 }, join: { $0.union($1) })
    }

    /// The page in square cells, each marked when a piece lies in it.
    final class Grid {
        let page: Box, cell: Double, columns: Int, rows: Int
        var inked: [Bool]

        init(page: Box, cell: Double) {
            self.page = page; self.cell = cell
            columns = max(1, Int((page.width / cell).rounded(.up)))
            rows = max(1, Int((page.height / cell).rounded(.up)))
            inked = Array(repeating: false, count: columns * rows)
        }

        /// A page image's ink, its cells as they are.
        init?(_ ink: InkGrid) {
            guard ink.columns > 0, ink.rows > 0, ink.inked.count == ink.columns * ink.rows, ink.cell.isFinite, ink.cell > 0 else { return nil }
            page = Box(x0: 0, y0: 0, x1: Double(ink.columns) * ink.cell, y1: Double(ink.rows) * ink.cell)
            cell = ink.cell; columns = ink.columns; rows = ink.rows; inked = ink.inked
        }

        func clear(_ box: Box) { set(box, inked: false) }

        /// The cells a box covers, clamped to the page.
        func span(_ box: Box) -> (c0: Int, r0: Int, c1: Int, r1: Int)? {
            let c0 = ((box.x0 - page.x0) / cell).rounded(.down), c1 = ((box.x1 - page.x0) / cell).rounded(.down)
            let r0 = ((box.y0 - page.y0) / cell).rounded(.down), r1 = ((box.y1 - page.y0) / cell).rounded(.down)
            guard c1 >= 0, r1 >= 0, c0 < Double(columns), r0 < Double(rows) else { return nil }
            return (Int(max(c0, 0)), Int(max(r0, 0)), Int(min(c1, Double(columns - 1))), Int(min(r1, Double(rows - 1))))
        }

        func mark(_ box: Box) { set(box, inked: true) }

        /// Every cell a box covers, on the page, inked or not.
        private func set(_ box: Box, inked value: Bool) {
            guard box.isFiniteBox, let s = span(box) else { return }
            for r in s.r0...s.r1 { for c in s.c0...s.c1 { inked[r * columns + c] = value } }
        }

        /// The share of a box that is inked, counted in squares of at least `side` points (a few
        /// cells each, when the cells are finer), so that a thin line counts alike whatever the
        /// resolution the cells came from.
        func share(in box: Box, side: Double = 0) -> Double {
            guard box.x1 > box.x0, box.y1 > box.y0, let s = span(box) else { return 0 }
            let k = max(1, Int(min((side / cell).rounded(.up), 64)))
            var inked = 0, all = 0
            for r in stride(from: s.r0, through: s.r1, by: k) {
                for c in stride(from: s.c0, through: s.c1, by: k) {
                    all += 1
                    search: for rr in r..<min(r + k, s.r1 + 1) {
                        for cc in c..<min(c + k, s.c1 + 1) where self.inked[rr * columns + cc] { inked += 1; break search }
                    }
                }
            }
            return all == 0 ? 0 : Double(inked) / Double(all)
        }

        /// Each group of inked cells that touch (corners too): its box in points.
        func components() -> [Box] {
            var seen = [Bool](repeating: false, count: inked.count)
            var boxes: [Box] = []
            var stack: [Int] = []
            for start in inked.indices where inked[start] && !seen[start] {
                seen[start] = true
                stack.append(start)
                var c0 = columns, r0 = rows, c1 = 0, r1 = 0
                while let i = stack.popLast() {
                    let r = i / columns, c = i % columns
                    c0 = min(c0, c); c1 = max(c1, c); r0 = min(r0, r); r1 = max(r1, r)
                    for dr in -1...1 { for dc in -1...1 {
                        let nr = r + dr, nc = c + dc
                        guard nr >= 0, nr < rows, nc >= 0, nc < columns else { continue }
                        let n = nr * columns + nc
                        if inked[n] && !seen[n] { seen[n] = true; stack.append(n) }
                    } }
                }
                boxes.append(Box(x0: page.x0 + Double(c0) * cell, y0: page.y0 + Double(r0) * cell,
                                 x1: page.x0 + Double(c1 + 1) * cell, y1: page.y0 + Double(r1 + 1) * cell))
            }
            return boxes
        }
    }
}

extension Box {
    /// Every coordinate finite and within reach of a page, the corners in order.
    var isFiniteBox: Bool {
        [x0, y0, x1, y1].allSatisfy { $0.isFinite && abs($0) < 1e6 } && x1 >= x0 && y1 >= y0
    }
}
