import UnifexCore

/// Reading order from geometry: columns are found where a vertical strip of the page is crossed by
/// (almost) no line while full lines stand on both sides of it; a line that crosses a column's
/// gutter spans the columns (a title, an abstract, a wide figure or table, footnotes across the
/// page). The page is read from top to bottom in sections between spanning lines, each section
/// column by column: left to right, or right to left on a right-to-left page.
struct ReadingOrder {
    /// The gutters' x positions, left to right.
    let gutters: [Double]

    init(_ fragments: [Fragment]) {
        gutters = Self.gutters(in: fragments.filter { $0.isText })
    }

    /// The column a fragment stands in (0 from the left), or nil when it crosses a gutter: when
    /// it reaches past the gutter's middle on both sides by more than a letter or so (a justified
    /// line may end a little into the gutter, a full stop or a hyphen past it).
    func column(of f: Fragment) -> Int? {
        let reach = f.size.isFinite ? min(max(0.5, 0.5 * f.size), 6) : 0.5
        var column = 0
        for gutter in gutters {
            if f.box.x1 <= gutter + reach { return column }
            if f.box.x0 < gutter - reach { return nil }
            column += 1
        }
        return column
    }

    /// Groups of fragments in reading order: each group is one column of one section, or one
    /// spanning fragment; within a group, top to bottom.
    func ordered(_ fragments: [Fragment], rightToLeft: Bool, bodySize: Double) -> [[Fragment]] {
        guard !gutters.isEmpty else { return [fragments.sorted(by: Self.topToBottom)] }
        // Each fragment's column, nil where it crosses a gutter.
        let columns = fragments.map { column(of: $0) }
        var spans = columns.map { $0 == nil }
        Self.extendItems(fragments, columns: columns, &spans)
        Self.extendSpanning(fragments, &spans, bodySize: bodySize)
        Self.headSpanning(fragments, columns: columns, &spans)
        let spanning = fragments.indices.filter { spans[$0] }.map { fragments[$0] }.sorted(by: Self.topToBottom)
        let columned = fragments.indices.filter { !spans[$0] }.map { fragments[$0] }
        var groups: [[Fragment]] = []
        let byHeight = columned.sorted { $0.centerY < $1.centerY }
        var next = 0
        // The sections: above the first spanning fragment, between two, below the last.
        let cuts = spanning.map(\.centerY) + [Double.infinity]
        for (k, cut) in cuts.enumerated() {
            var columns = [[Fragment]](repeating: [], count: gutters.count + 1)
            while next < byHeight.count, byHeight[next].centerY < cut {
                columns[column(of: byHeight[next]) ?? 0].append(byHeight[next])
                next += 1
            }
            let order = rightToLeft ? Array(columns.reversed()) : columns
            var columnsAdded = false
            for c in order where !c.isEmpty {
                groups.append(c.sorted(by: Self.topToBottom))
                columnsAdded = true
            }
            guard k < spanning.count else { continue }
            // Spanning lines one after another (a title's lines, an abstract) read as one group.
            if !columnsAdded, k > 0, var last = groups.popLast() {
                last.append(spanning[k])
                groups.append(last)
            } else {
                groups.append([spanning[k]])
            }
        }
        return groups
    }

    /// A line that goes on from a spanning line (the second line of a title, in its font, just
    /// below it) spans too, though it happens to fit in a column.
    static func extendSpanning(_ fragments: [Fragment], _ spans: inout [Bool], bodySize: Double) {
        // Only large text goes on across lines like a title; a page of thousands of lines is left as it is.
        let large = fragments.indices.filter { fragments[$0].isText && fragments[$0].size >= 1.15 * bodySize }
        guard large.count <= 2000 else { return }
        var changed = true
        var rounds = 0
        while changed, rounds < 8 {
            changed = false
            rounds += 1
            for i in large where !spans[i] {
                let f = fragments[i]
                let continues = large.contains { j in
                    guard spans[j] else { return false }
                    let s = fragments[j]
                    let gap = max(f.box.y0 - s.box.y1, s.box.y0 - f.box.y1)
                    return abs(f.size - s.size) <= 0.04 * s.size && f.bold == s.bold && gap >= -0.2 * s.size
                        && gap < 0.75 * s.size && min(f.box.x1, s.box.x1) > max(f.box.x0, s.box.x0)
                }
                if continues { spans[i] = true; changed = true }
            }
        }
    }

    /// A heading that fits in a column but stands under everything of the other columns, right
    /// over what spans the page (`Additional Features` over a list across both columns), heads
    /// what follows: it spans too, so it is read after the columns above it, not between them.
    static func headSpanning(_ fragments: [Fragment], columns: [Int?], _ spans: inout [Bool]) {
        guard fragments.count <= 2000 else { return }
        for i in fragments.indices where !spans[i] && fragments[i].isText {
            let f = fragments[i]
            guard f.words <= 6, !Paragraphs.endsSentence(f.text), let own = columns[i] else { continue }
            // What spans right under it.
            let under = fragments.indices.filter { spans[$0] && fragments[$0].box.y0 >= f.box.y1 - 0.2 * f.size }
            guard let next = under.min(by: { fragments[$0].box.y0 < fragments[$1].box.y0 }),
                  fragments[next].box.y0 - f.box.y1 < 2 * f.size else { continue }
            // Set apart from the line above it in its column, and nothing of another column at its
            // height or below it, above what spans.
            let limit = fragments[next].box.y0
            let aboveGap = fragments.indices.filter { j in j != i && !spans[j] && columns[j] == own && fragments[j].box.y1 <= f.box.y0 + 0.2 * f.size }
                .map { f.box.y0 - fragments[$0].box.y1 }.min() ?? .infinity
            let besideOrBelow = fragments.indices.contains { j in
                j != i && !spans[j] && columns[j] != own && fragments[j].box.y1 > f.box.y0 && fragments[j].box.y0 < limit
            }
            if aboveGap >= 0.6 * f.size, !besideOrBelow { spans[i] = true }
        }
    }

    /// The further lines of a spanning paragraph or list item (`• Two FOOTSWITCH INPUTS may be
    /// assigned …` over `ERASE, REPEAT, …`, indented to the item's text) that happen to fit in a
    /// column span too: right under it in its size, with nothing of another column beside them.
    static func extendItems(_ fragments: [Fragment], columns: [Int?], _ spans: inout [Bool]) {
        guard fragments.count <= 2000 else { return }
        let byTop = fragments.indices.sorted { fragments[$0].box.y0 < fragments[$1].box.y0 }
        for i in byTop where !spans[i] && fragments[i].isText {
            let f = fragments[i]
            let tolerance = f.estimated ? 0.12 : 0.04
            let below = fragments.indices.contains { j in
                guard spans[j], fragments[j].isText else { return false }
                let s = fragments[j]
                let gap = f.box.y0 - s.box.y1
                return abs(f.size - s.size) <= tolerance * max(f.size, s.size) && gap >= -0.3 * s.size && gap < 0.75 * s.size
                    && f.box.x0 >= s.box.x0 - 0.5 * s.size && min(f.box.x1, s.box.x1) > max(f.box.x0, s.box.x0)
            }
            guard below else { continue }
            let beside = fragments.indices.contains { j in
                j != i && !spans[j] && columns[j] != columns[i]
                    && min(fragments[j].box.y1, f.box.y1) > max(fragments[j].box.y0, f.box.y0)
            }
            if !beside { spans[i] = true }
        }
    }

    /// Rows from the top, each from the left. Two pieces share a row when their tops are close, or
    /// when the smaller stands within the height of the larger (a `Chapter 1.` label in small print
    /// beside a large title's first line is read before it, not between its lines).
    static func topToBottom(_ a: Fragment, _ b: Fragment) -> Bool {
        let close = abs(a.box.y0 - b.box.y0) <= 0.5 * min(max(a.box.height, 1), max(b.box.height, 1))
        let (small, large) = a.box.height <= b.box.height ? (a, b) : (b, a)
        let within = small.box.height < 0.5 * large.box.height && small.centerY > large.box.y0 && small.centerY < large.box.y1
        return close || within ? a.box.x0 < b.box.x0 : a.box.y0 < b.box.y0
    }

    /// Gutters found by recursion: the clearest strip of the whole width, then within each side.
    static func gutters(in fragments: [Fragment]) -> [Double] {
        guard fragments.count >= 6 else { return [] }
        let x0 = fragments.map(\.box.x0).min()!, x1 = fragments.map(\.box.x1).max()!
        return gutters(in: fragments, from: x0, to: x1, depth: 0)
    }

    private static func gutters(in fragments: [Fragment], from left: Double, to right: Double, depth: Int) -> [Double] {
        guard depth < 3, let gutter = gutter(in: fragments, from: left, to: right) else { return [] }
        let l = fragments.filter { $0.box.x1 <= gutter }, r = fragments.filter { $0.box.x0 >= gutter }
        return gutters(in: l, from: left, to: gutter, depth: depth + 1) + [gutter]
            + gutters(in: r, from: gutter, to: right, depth: depth + 1)
    }

    /// Where the widest strip between `left` and `right` that few lines cross and that parts full
    /// columns of text is cut, if there is one.
    private static func gutter(in fragments: [Fragment], from left: Double, to right: Double, nested: Int = 0) -> Double? {
        let width = right - left
        guard width > 20, width < 1e5, fragments.count >= 6 else { return nil }
        let sizes = fragments.map(\.size).sorted()
        let size = sizes[sizes.count / 2]
        // Lines wider than a column could be (titles, an abstract, footnotes across the page) say
        // nothing of where the columns are: the strip is looked for among the others. Within a
        // part of the page a column can be wider than that (a body beside a column of side
        // headings): when the others show no gutter, every line is looked at.
        let narrow = fragments.filter { $0.box.width <= 0.55 * width }
        for lines in narrow.count < fragments.count ? [narrow, fragments] : [narrow] {
            // The widest strip first; a narrower one is the gutter when the wider ones part no
            // columns (a wide gap among side headings' ragged ends, with the body's gutter further on).
            for strip in strips(among: lines, from: left, to: right, size: size).sorted(by: { $0.width > $1.width }) {
                if parts(fragments, narrow: lines, at: strip.middle, size: size, nested: nested) { return strip.middle }
            }
        }
        return nil
    }

    /// The strips between `left` and `right` at least a gap's width that at most an eighth of
    /// `lines` cross (a centred heading, a label in a figure may).
    private static func strips(among lines: [Fragment], from left: Double, to right: Double, size: Double) -> [(middle: Double, width: Double)] {
        let bins = Int((right - left).rounded(.up)) + 1
        var cover = [Int](repeating: 0, count: bins)
        for f in lines {
            let a = max(0, Int((f.box.x0 - left).rounded(.down))), b = min(bins - 1, Int((f.box.x1 - left).rounded(.up)))
            if a <= b { for i in a...b { cover[i] += 1 } }
        }
        let allowed = max(1, lines.count / 8)
        var strips: [(middle: Double, width: Double)] = []
        var start: Int?
        for i in 0...bins {
            let clear = i < bins && cover[i] <= allowed
            if clear, start == nil { start = i }
            if !clear, let s = start {
                if Double(i - s) >= max(0.6 * size, 4) { strips.append((left + clearest(cover, s, i), Double(i - s))) }
                start = nil
            }
        }
        return strips
    }

    /// The middle of the widest run of `cover[start..<end]` that the fewest lines cross: the cut
    /// goes through the gap itself, not through the ragged ends of lines beside it.
    private static func clearest(_ cover: [Int], _ start: Int, _ end: Int) -> Double {
        let least = cover[start..<end].min() ?? 0
        var best = (start, start), run: Int?
        for i in start...end {
            let low = i < end && cover[i] == least
            if low, run == nil { run = i }
            if !low, let r = run {
                if i - r > best.1 - best.0 { best = (r, i) }
                run = nil
            }
        }
        return Double(best.0 + best.1) / 2
    }

    /// Whether a cut at `cut` parts columns: most lines keep to one side of it, and both sides
    /// hold several lines, most of them filling their column's width.
    private static func parts(_ fragments: [Fragment], narrow: [Fragment], at cut: Double, size: Double, nested: Int) -> Bool {
        // A strip that most lines cross is not a gutter, but a gap between the cells of a table
        // set in one column.
        let crossing = fragments.filter { $0.box.x0 < cut - 0.5 && $0.box.x1 > cut + 0.5 }.count
        guard crossing * 2 <= fragments.count else { return false }
        // Labels of a word or two (a chart's, beside a column of prose) are not counted when
        // there are lines of text to judge by.
        let l = narrow.filter { $0.box.x1 <= cut }, r = narrow.filter { $0.box.x0 >= cut }
        guard l.count >= 3, r.count >= 3, l.count + r.count >= narrow.count * 7 / 10 else { return false }
        // A side of three columns cut from the first is two columns: it is judged by its own gutter.
        func fills(_ side: [Fragment]) -> Bool {
            let x0 = side.map(\.box.x0).min()!, x1 = side.map(\.box.x1).max()!
            guard x1 - x0 > 4 * size else { return false }
            let prose = side.filter { $0.words >= 3 }
            let judged = prose.count >= 3 ? prose : side
            let widths = judged.map { $0.box.width / (x1 - x0) }.sorted()
            if widths[widths.count / 2] >= 0.6 { return true }
            return nested < 2 && gutter(in: side, from: x0, to: x1, nested: nested + 1) != nil
        }
        return fills(l) && fills(r)
    }
}
