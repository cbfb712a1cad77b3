public import UnifexCore

/// Tables whose cells are drawn: rulings that cross each other make a grid; an inner ruling
/// missing between two grid places merges them into one spanning cell.
public enum RuledTables {
    /// How far apart (points) two rulings may be and still be one grid line, or touch.
    static let snap = 3.0
    /// A grid place must cover this share of a boundary for the ruling to separate two places.
    static let boundaryCover = 0.5
    /// The most grid places a ruled table may have.
    static let mostPlaces = 40_000

    public static func detect(rulings: [Ruling], words: [TableWord], options: TableOptions) -> [Table] {
        components(rulings).compactMap { grid(of: $0, words: words, options: options) }
            .sorted { ($0.box.y0, $0.box.x0) < ($1.box.y0, $1.box.x0) }
    }

    /// Rulings that touch or cross, directly or through others.
    static func components(_ rulings: [Ruling]) -> [[Ruling]] {
        let horizontal = rulings.indices.filter { rulings[$0].orientation == .horizontal }
        let vertical = rulings.indices.filter { rulings[$0].orientation == .vertical }
        var parent = Array(rulings.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for h in horizontal {
            let a = rulings[h]
            for v in vertical {
                let b = rulings[v]
                if b.position >= a.start - snap, b.position <= a.end + snap,
                   a.position >= b.start - snap, a.position <= b.end + snap {
                    parent[root(h)] = root(v)
                }
            }
        }
        var groups: [Int: [Ruling]] = [:]
        for i in rulings.indices { groups[root(i), default: []].append(rulings[i]) }
        return groups.values.filter { g in
            g.contains { $0.orientation == .horizontal } && g.contains { $0.orientation == .vertical }
        }
    }

    /// Grid line positions: the rulings' positions, close ones taken as one.
    static func positions(_ rulings: [Ruling]) -> [Double] {
        clusters(rulings.map(\.position).sorted(), by: { $0 }, within: snap).map { $0.reduce(0, +) / Double($0.count) }
    }

    static func grid(of component: [Ruling], words: [TableWord], options: TableOptions) -> Table? {
        let horizontal = component.filter { $0.orientation == .horizontal }
        let vertical = component.filter { $0.orientation == .vertical }
        let xs = positions(vertical), ys = positions(horizontal)
        let rows = ys.count - 1, cols = xs.count - 1
        // A grid of more places than a page of text can fill is a drawing (a chart, a pattern).
        guard rows >= 1, cols >= 1, rows * cols <= mostPlaces else { return nil }
        let box = Box(x0: xs[0], y0: ys[0], x1: xs[cols], y1: ys[rows])
        if let area = options.area, area.overlapRatio(box) < 0.5 { return nil }

        // Whether a ruling at `at` covers most of [from, to].
        func covered(_ lines: [Ruling], at: Double, from: Double, to: Double) -> Bool {
            let span = to - from
            guard span > 0 else { return true }
            var cover = 0.0
            for line in lines where abs(line.position - at) <= snap {
                cover += max(0, min(line.end, to) - max(line.start, from))
            }
            return cover >= boundaryCover * span
        }
        var parent = Array(0..<(rows * cols))
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for r in 0..<rows {
            for c in 0..<cols {
                if c + 1 < cols, !covered(vertical, at: xs[c + 1], from: ys[r], to: ys[r + 1]) {
                    parent[root(r * cols + c)] = root(r * cols + c + 1)
                }
                if r + 1 < rows, !covered(horizontal, at: ys[r + 1], from: xs[c], to: xs[c + 1]) {
                    parent[root(r * cols + c)] = root((r + 1) * cols + c)
                }
            }
        }
        let rects = rectangles(rows: rows, cols: cols, group: root)
        // A rectangle (a frame, a shaded box) that is one merged place is no table.
        guard rects.count > 1 else { return nil }

        var inCell = Array(repeating: [TableWord](), count: rects.count)
        var owner = Array(repeating: -1, count: rows * cols)
        for (i, s) in rects.enumerated() {
            for r in s.r0...s.r1 { for c in s.c0...s.c1 where owner[r * cols + c] < 0 { owner[r * cols + c] = i } }
        }
        // A word across an inner rule is text clipped at the cell's border running into the next
        // cell's, or on a scan two cells' words OCR read as one across the rule between them: the
        // rule cuts it.
        let cutWords = words.flatMap { word -> [TableWord] in
            guard word.text.count >= 2 else { return [word] }
            let letter = word.box.width / Double(word.text.count)
            let rules = xs.dropFirst().dropLast().filter { x in
                x > word.box.x0 + letter && x < word.box.x1 - letter
                    && covered(vertical, at: x, from: word.centerY - 0.5, to: word.centerY + 0.5)
            }
            return rules.isEmpty ? [word] : cut(word, at: Array(rules))
        }
        for word in cutWords {
            guard let c = slot(word.centerX, xs), let r = slot(word.centerY, ys) else { continue }
            let i = owner[r * cols + c]
            if i >= 0, let kept = withoutRulingBars(word, left: xs[rects[i].c0], right: xs[rects[i].c1 + 1]) {
                inCell[i].append(kept)
            }
        }
        guard inCell.contains(where: { !$0.isEmpty }) else { return nil }
        let bands = BandedRows(rows: rows, rects: rects.map { ($0.r0, $0.r1) }, words: inCell)
        guard bands.rows * cols <= mostPlaces else { return nil }
        let rowTops = bands.tops(ys)
        var cells: [TableCell] = []
        for (i, s) in rects.enumerated() {
            let first = bands.first[s.r0], last = bands.first[s.r1] + bands.cuts[s.r1].count
            // A cell of one band split into rows is a cell per row; any other keeps its place.
            let split = s.r0 == s.r1 && last > first
            var parts: [[TableWord]] = [inCell[i]]
            if split {
                let bounds = Array(rowTops[first...last + 1])
                parts = Array(repeating: [], count: last - first + 1)
                for word in inCell[i] { parts[slot(word.centerY, bounds) ?? 0].append(word) }
            }
            let rowspan = split ? 1 : last - first + 1
            for (k, part) in parts.enumerated() {
                cells.append(TableCell(row: first + k, col: s.c0, rowspan: rowspan, colspan: s.c1 - s.c0 + 1,
                                       box: Box(x0: xs[s.c0], y0: rowTops[first + k], x1: xs[s.c1 + 1],
                                                y1: rowTops[first + k + rowspan]),
                                       text: cellText(part)))
            }
        }
        cells.sort { ($0.row, $0.col) < ($1.row, $1.col) }
        let table = Table(box: box, rows: bands.rows, cols: cols, kind: .ruled, cells: cells)
        return trimmed(table, minRows: options.minRows, minCols: options.minCols)
    }

    /// The cells: each merged group of grid places is the rectangle of its places. A group that
    /// is not a rectangle (a title row without inner rules that runs into the first column's
    /// header) is cut into rectangles, row by row, runs of equal columns stacked, so that no two
    /// cells overlap.
    static func rectangles(rows: Int, cols: Int, group: (Int) -> Int) -> [(r0: Int, c0: Int, r1: Int, c1: Int)] {
        var runs: [Int: [(r: Int, c0: Int, c1: Int)]] = [:]
        for r in 0..<rows {
            var c = 0
            while c < cols {
                let k = group(r * cols + c)
                var end = c
                while end + 1 < cols, group(r * cols + end + 1) == k { end += 1 }
                runs[k, default: []].append((r, c, end))
                c = end + 1
            }
        }
        var out: [(r0: Int, c0: Int, r1: Int, c1: Int)] = []
        for groupRuns in runs.values {
            let r0 = groupRuns.map(\.r).min()!, r1 = groupRuns.map(\.r).max()!
            let c0 = groupRuns.map(\.c0).min()!, c1 = groupRuns.map(\.c1).max()!
            if groupRuns.reduce(0, { $0 + $1.c1 - $1.c0 + 1 }) == (r1 - r0 + 1) * (c1 - c0 + 1) {
                out.append((r0, c0, r1, c1))
                continue
            }
            // The rectangle last grown down each pair of columns, found without a search.
            var open: [(r0: Int, c0: Int, r1: Int, c1: Int)] = [], latest: [[Int]: Int] = [:]
            for run in groupRuns.sorted(by: { ($0.r, $0.c0) < ($1.r, $1.c0) }) {
                if let i = latest[[run.c0, run.c1]], open[i].r1 == run.r - 1 {
                    open[i].r1 = run.r
                } else {
                    latest[[run.c0, run.c1]] = open.count
                    open.append((run.r, run.c0, run.r, run.c1))
                }
            }
            out += open
        }
        return out.sorted { ($0.r0, $0.c0) < ($1.r0, $1.c0) }
    }

    /// How close (points) the box of a bar OCR read must come to a ruling's middle for the bar to
    /// be the ruling: the ruling's half width and a pixel or two of the box's slack at low
    /// resolutions; text set in a cell keeps a margin from its rulings wider than that.
    static let barOnRuling = 2.5

    /// OCR reads a ruling beside a word as a bar or bracket stuck to it ("Name |", "]12"), or
    /// alone: such a bar goes where the word's box reaches the ruling, and a word of bars only
    /// that lies on a ruling goes, or that is no bar's shape (a tick or a stub of a line OCR
    /// took for one: a bar is at least twice as tall as it is wide). Any other bar is text:
    /// every one a text layer holds, and one OCR read inside the cell, clear of its rulings
    /// ("a|b", "||", "|x" set with a margin).
    static func withoutRulingBars(_ word: TableWord, left: Double, right: Double) -> TableWord? {
        guard word.ocr else { return word }
        let bars = Set("|[]{}".unicodeScalars)
        var scalars = Array(word.text.unicodeScalars)
        let onLeft = word.box.x0 - left < barOnRuling, onRight = right - word.box.x1 < barOnRuling
        if scalars.allSatisfy({ bars.contains($0) }) {
            let barShaped = word.box.height >= 2 * word.box.width / Double(scalars.count)
            return onLeft || onRight || !barShaped ? nil : word
        }
        guard onLeft || onRight else { return word }
        var out = word
        if onRight, let last = scalars.last, bars.contains(last) { scalars.removeLast() }
        if onLeft, let first = scalars.first, bars.contains(first) { scalars.removeFirst() }
        out.text = String(String.UnicodeScalarView(scalars)).trimmingWhitespace()
        return out.text.isEmpty ? nil : out
    }

    /// A word cut where rules cross it: at the character the rule falls on, by the word's width
    /// shared evenly among its characters, or, within two characters of it, where letters turn to
    /// digits or lower case to capitals ("Elizab|2165", "Preside|SPPS"): the one text ends and the
    /// other begins there. OCR reads the rule itself as a bar ("55110|retired", "Patricia}948"):
    /// such a bar within two characters of it is where the word is cut, and goes.
    static func cut(_ word: TableWord, at rules: [Double]) -> [TableWord] {
        let chars = Array(word.text)
        let width = word.box.width / Double(chars.count)
        func kind(_ c: Character) -> Int { c.isNumber ? 0 : c.isLowercase ? 1 : c.isUppercase ? 2 : 3 }
        let bars: Set<Character> = ["|", "[", "]", "{", "}"]
        // Each cut: the piece before ends at `end`, the next begins at `next`.
        var cuts: [(end: Int, next: Int)] = []
        for x in rules {
            let estimate = Int(((x - word.box.x0) / width).rounded())
            let start = cuts.last?.next ?? 0
            if word.ocr, let bar = [0, -1, 1, -2, 2].map({ estimate + $0 }).first(where: { k in
                k > start && k < chars.count && bars.contains(chars[k])
            }) {
                cuts.append((bar, bar + 1))
                continue
            }
            var best = estimate
            for d in [0, 1, -1, 2, -2] {
                let k = estimate + d
                guard k > 0, k < chars.count else { continue }
                let a = kind(chars[k - 1]), b = kind(chars[k])
                if a != b && !(a == 2 && b == 1) { best = k; break }
            }
            if best > start, best < chars.count { cuts.append((best, best)) }
        }
        var pieces: [TableWord] = [], start = 0
        for (end, next) in cuts + [(chars.count, chars.count)] {
            var piece = word
            piece.text = String(chars[start..<end])
            piece.box.x0 = word.box.x0 + Double(start) * width
            piece.box.x1 = word.box.x0 + Double(end) * width
            if !piece.text.isEmpty { pieces.append(piece) }
            start = next
        }
        return pieces
    }

    /// The index of the interval of `bounds` that holds `value`.
    static func slot(_ value: Double, _ bounds: [Double]) -> Int? {
        guard let first = bounds.first, let last = bounds.last, value >= first, value <= last else { return nil }
        var lo = 0, hi = bounds.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if bounds[mid] <= value { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// The table, or nil when it is smaller than asked for.
    static func trimmed(_ table: Table, minRows: Int, minCols: Int) -> Table? {
        table.rows >= max(1, minRows) && table.cols >= max(1, minCols) ? table : nil
    }
}
