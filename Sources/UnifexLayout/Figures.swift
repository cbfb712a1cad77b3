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
    /// what a page draws with lines and curves). A drawing's labels around it (a chart's tick
    /// labels and axis titles: a dozen characters, or a few words set about as large as the
    /// page's lines, one line's height away at most, not a caption) are taken into it.
    static func regions(images: [Box], drawings: [Box] = [], lines: [(box: Box, text: String)], page: Box) -> [Box] {
        let lines = lines.filter { $0.box.isUsable }
        // Each region, and whether it holds an image or is drawn with lines and curves alone.
        var regions: [(box: Box, imaged: Bool)] = []
        let drawn = drawings.prefix(500).filter(\.isUsable).map { (box: withLabels($0, lines: lines), imaged: false) }
        for piece in images.prefix(500).filter(\.isUsable).map({ (box: $0, imaged: true) }) + drawn {
            var merged = piece
            // Absorb every region this one touches, until none does.
            var changed = true
            while changed {
                changed = false
                for (i, r) in regions.enumerated().reversed() where touches(r.box, merged.box) {
                    merged = (merged.box.union(r.box), merged.imaged || r.imaged)
                    regions.remove(at: i)
                    changed = true
                }
            }
            regions.append(merged)
        }
        let pageArea = max(page.width * page.height, 1)
        let heights = lines.map(\.box.height).sorted()
        let typical = heights.isEmpty ? 0 : heights[heights.count / 2]
        return regions.filter { region in
            let r = region.box
            guard r.width >= smallestSide, r.height >= smallestSide, r.width * r.height >= smallestShare * pageArea else { return false }
            let over = lines.filter { r.holdsMiddle(of: $0.box) }
            // Running text over it, or a line that fills a third of its height (a heading on a
            // band of colour): the image is the ground the text is set on. Drawn alone, text
            // set larger than the page's lines over it makes it a banner, not a chart.
            return over.filter { $0.text.split(separator: " ").count >= proseWords }.count < proseLines
                && !over.contains { 3 * $0.box.height >= r.height }
                && (region.imaged || !over.contains { $0.box.height >= 1.5 * typical })
        }.map(\.box).sorted { $0.width * $0.height > $1.width * $1.height }
    }

    /// A drawing grown by the labels set around it, a few rounds (a column of tick labels, then
    /// the axis title beside them).
    static func withLabels(_ drawing: Box, lines: [(box: Box, text: String)]) -> Box {
        let heights = lines.map(\.box.height).sorted()
        guard !heights.isEmpty else { return drawing }
        let typical = heights[heights.count / 2]
        let labels = lines.filter { line in
            let short = line.text.count <= 12 || line.text.split(separator: " ").count <= 4 && line.box.height <= 1.3 * typical
            return short && !Classify.isCaption(line.text)
        }
        var box = drawing
        for _ in 0..<3 {
            var grown = box
            for label in labels where !box.holdsMiddle(of: label.box) && touches(box, label.box, gap: label.box.height) {
                grown = grown.union(label.box)
            }
            if grown == box { break }
            box = grown
        }
        return box
    }

    static func touches(_ a: Box, _ b: Box, gap: Double = 2) -> Bool {
        a.x0 <= b.x1 + gap && b.x0 <= a.x1 + gap && a.y0 <= b.y1 + gap && b.y0 <= a.y1 + gap
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
