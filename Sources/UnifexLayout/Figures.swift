import UnifexCore

/// Pictures from the images a page draws (ux-table's `images`): images that touch or overlap are
/// one picture (tiles, an image and its mask), and a picture too small to be one (a rule, a
/// bullet, a dot) or with text set over it as on a ground (running text over a background or a
/// scan under its own text layer, a heading on a band) is left out. Smaller text inside a picture
/// (a label, a callout) belongs to it.
enum Figures {
    /// A picture is at least this large on each side (points), and this share of the page.
    static let smallestSide = 16.0
    static let smallestShare = 0.003
    /// Lines of at least `proseWords` words over an image: this many, and the image is the ground
    /// the text is set on, not a picture in the text.
    static let proseLines = 3
    static let proseWords = 5

    /// The pictures' boxes, largest first: from images and from drawings (ux-table's boxes of
    /// what a page draws with lines and curves, already grown by their labels: `labelled`).
    static func regions(images: [Box], drawings: [Box] = [], lines: [(box: Box, text: String, confidence: Double?)], page: Box,
                        measured: Bool = true) -> [Box] {
        let lines = lines.filter { $0.box.isUsable }
        // Each region, and how much of it its images cover (none: drawn with lines and curves alone).
        let drawn = drawings.map { (box: $0, imaged: 0.0) }
        let pieces = images.prefix(500).filter(\.isUsable).map { (box: $0, imaged: $0.width * $0.height) } + drawn
        let regions = Box.joinTouching(pieces, within: 2, box: \.box) { ($0.box.union($1.box), $0.imaged + $1.imaged) }
        let pageArea = max(page.width * page.height, 1)
        let heights = lines.map(\.box.height).sorted()
        let typical = heights.isEmpty ? 0 : heights[heights.count / 2]
        return regions.filter { region in
            let r = region.box
            guard r.width >= smallestSide, r.height >= smallestSide, r.width * r.height >= smallestShare * pageArea else { return false }
            let inside = lines.filter { r.holdsMiddle(of: $0.box) }
            // Drawn, not an image: images cover less than half of it (a logo in a drawn header box).
            let drawnMostly = 2 * region.imaged < r.width * r.height
            return !isGround(r, drawnMostly: drawnMostly, under: inside, typical: typical, measured: measured)
        }.map(\.box).sorted { $0.width * $0.height > $1.width * $1.height }
    }

    /// Whether the text inside a region makes it the ground the text is set on, not a picture.
    /// Running text over it, or a line that fills a third of its height (a heading on a band of
    /// colour); drawn alone, text set larger than the page's lines over it (a banner, not a chart).
    /// On a scan, where OCR's line boxes over a picture take in its strokes (a line far taller than
    /// the page's lines tells nothing) and OCR reads a picture's marks as many unsure words: lines
    /// covering a third of it, three lines of running text read surely, or (drawn alone) a large
    /// line read surely.
    static func isGround(_ r: Box, drawnMostly drawnAlone: Bool, under inside: [(box: Box, text: String, confidence: Double?)],
                         typical: Double, measured: Bool) -> Bool {
        let over = inside.filter { measured || $0.box.height <= 2 * typical }
        if over.contains(where: { 3 * $0.box.height >= r.height }) { return true }
        if measured {
            return over.filter { $0.text.split(separator: " ").count >= proseWords }.count >= proseLines
                || drawnAlone && over.contains { $0.box.height >= 1.5 * typical }
        }
        return over.map { $0.box.width * $0.box.height }.reduce(0, +) >= r.width * r.height / 3
            || over.filter { readSurely($0.text, confidence: $0.confidence) }.count >= 3
            || drawnAlone && inside.contains { ($0.confidence ?? 0) >= 0.8 && $0.box.height >= 1.5 * typical }
    }

    /// The usable drawings (at most 500), the 50 largest grown by their labels: a page drawing
    /// more has no labels worth the time. A drawing's labels around it (a chart's tick labels and
    /// axis titles: a dozen characters, or a few words set about as large as the page's lines,
    /// half again a line's height away at most, not a caption or a list item, not one of a stack
    /// of lines, not further out than a quarter of its size or 36 points) are taken into it.
    static func labelled(_ drawings: [Box], lines: [(box: Box, text: String, confidence: Double?)]) -> [Box] {
        drawings.prefix(500).filter(\.isUsable).enumerated().map { i, d in i < 50 ? withLabels(d, lines: lines) : d }
    }

    /// A drawing grown by the labels set around it, a few rounds (a column of tick labels, then
    /// the axis title beside them).
    static func withLabels(_ drawing: Box, lines: [(box: Box, text: String, confidence: Double?)]) -> Box {
        let heights = lines.map(\.box.height).sorted()
        guard !heights.isEmpty else { return drawing }
        let typical = heights[heights.count / 2]
        // Lines stacked at a line's spacing, aligned on the left, the right or the middle, three
        // or more: a paragraph, a list or a column of names beside the drawing, not its labels.
        func next(_ a: Box, _ b: Box) -> Bool {
            let gap = max(b.y0 - a.y1, a.y0 - b.y1)
            let aligned = abs(a.x0 - b.x0) <= a.height || abs(a.x1 - b.x1) <= a.height || abs(a.x0 + a.x1 - b.x0 - b.x1) <= a.height
            return a != b && aligned && gap <= 0.6 * a.height && gap > -0.5 * a.height
        }
        func stacked(_ line: Box) -> Bool {
            let near = lines.filter { next(line, $0.box) }
            return near.count >= 2 || near.contains { n in lines.contains { $0.box != line && next(n.box, $0.box) } }
        }
        // A paragraph's last line (`says,` under `… listening. Then he`, beside a picture the text
        // is set around): right under a line of four words or more, at its left edge. A line with
        // no ascender stands further below the one above than the lines' spacing.
        func endsParagraph(_ line: Box) -> Bool {
            lines.contains { above in
                let gap = line.y0 - above.box.y1
                return above.box != line && above.text.split(separator: " ").count >= 4 && abs(above.box.x0 - line.x0) <= typical
                    && gap > -0.5 * typical && gap <= typical
            }
        }
        // Labels stand at the drawing's edges: what lies further out than a label's reach is
        // the page's own text. Only the lines within reach are looked at closely.
        let reach = Box(x0: drawing.x0 - max(36, drawing.width / 4), y0: drawing.y0 - max(36, drawing.height / 4),
                        x1: drawing.x1 + max(36, drawing.width / 4), y1: drawing.y1 + max(36, drawing.height / 4))
        let labels = lines.filter { line in
            guard line.box.x0 >= reach.x0, line.box.y0 >= reach.y0, line.box.x1 <= reach.x1, line.box.y1 <= reach.y1,
                  !drawing.holdsMiddle(of: line.box) else { return false }
            let short = line.text.count <= 12 || line.text.split(separator: " ").count <= 4 && line.box.height <= 1.3 * typical
            return short && !Classify.isCaption(line.text) && ListMarker.split(line.text) == nil && !stacked(line.box)
                && !endsParagraph(line.box)
        }
        var box = drawing
        for _ in 0..<3 {
            var grown = box
            for label in labels where !box.holdsMiddle(of: label.box) && box.touches(label.box, within: 1.5 * label.box.height + 2) {
                grown = grown.union(label.box)
            }
            if grown == box { break }
            box = grown
        }
        return box
    }

    /// An OCR line of running text read surely: four words or more, words of three letters among
    /// them, read with confidence (a label is shorter, OCR's reading of a picture unsure).
    static func readSurely(_ text: String, confidence: Double?) -> Bool {
        guard let confidence, confidence >= 0.8 else { return false }
        let words = text.split(separator: " ")
        return words.count >= 4 && words.filter { $0.filter(\.isLetter).count >= 3 }.count >= 2
    }

    /// Each picture's caption: a caption block that names a figure (not a table), beside the
    /// picture's width, the nearest below it or else above it, a few lines away at most. Each
    /// caption goes with one picture.
    static func linkCaptions(_ blocks: inout [Block], bodySize: Double) {
        var taken = Set<Int>()
        for f in blocks.indices where blocks[f].kind == .figure {
            let picture = blocks[f].box
            let reach = max(4 * bodySize, 36)
            var best: (gap: Double, index: Int)?
            for c in blocks.indices where blocks[c].kind == .caption && !taken.contains(c) && !Classify.namesTable(blocks[c].text) {
                let caption = blocks[c].box
                guard min(picture.x1, caption.x1) - max(picture.x0, caption.x0) > 0 else { continue }
                let below = caption.y0 - picture.y1, above = picture.y0 - caption.y1
                // Below first: a caption above counts as a little further away.
                let gap = below >= -2 ? below : above >= -2 ? above + bodySize : .infinity
                if gap <= reach, best.map({ gap < $0.gap }) ?? true { best = (gap, c) }
            }
            if let best {
                blocks[f].caption = best.index
                taken.insert(best.index)
            }
        }
    }
}
