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

    /// The pictures' boxes, largest first.
    static func regions(images: [Box], lines: [(box: Box, words: Int)], page: Box) -> [Box] {
        var regions: [Box] = []
        for image in images.prefix(500) where image.isUsable {
            var merged = image
            // Absorb every region this one touches, until none does.
            var changed = true
            while changed {
                changed = false
                for (i, r) in regions.enumerated().reversed() where touches(r, merged) {
                    merged = merged.union(r)
                    regions.remove(at: i)
                    changed = true
                }
            }
            regions.append(merged)
        }
        let pageArea = max(page.width * page.height, 1)
        return regions.filter { r in
            guard r.width >= smallestSide, r.height >= smallestSide, r.width * r.height >= smallestShare * pageArea else { return false }
            let over = lines.filter { r.holdsMiddle(of: $0.box) }
            // Running text over it, or a line that fills a third of its height (a heading on a
            // band of colour): the image is the ground the text is set on.
            return over.filter { $0.words >= proseWords }.count < proseLines && !over.contains { 3 * $0.box.height >= r.height }
        }.sorted { $0.width * $0.height > $1.width * $1.height }
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
