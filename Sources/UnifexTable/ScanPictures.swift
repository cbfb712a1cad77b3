public import UnifexCore

/// Pictures on a scanned page: its ink that is neither text nor a ruling. What OCR read as words
/// with some confidence is text, and the thin straight runs are rulings (a table's, an underline); what
/// is left and lies together (a photo, a chart's bars and curves, a map, a logo) is a picture when
/// it is large enough and fills enough of its box to be more than specks.
public enum ScanPictures {
    /// A picture on a scan is at least this large on each side (points): smaller ink left over
    /// is a stamp, a speck or a stray letter.
    static let smallestSide = 24.0
    /// Each piece of it covers at least this much (square points).
    static let smallestPiece = 600.0
    /// And its ink fills at least this share of its box (in squares of 2 points).
    static let leastInk = 0.08
    /// Words OCR read at least this surely, no taller than twice the page's words, are text, and
    /// so are taller ones read with confidence 0.8 (a title); a word read less surely, or a tall
    /// one read unsurely, is OCR's reading of a picture (a bar read as `L`): its ink stays.
    static let surelyText = 0.3
    /// Pieces of ink this close (points, about three lines) are one picture: a bar chart's bars.
    static let pieceGap = 36.0

    /// `words`: the OCR words with their confidence (0-1); `rulings`: the thin straight runs found
    /// in the image. Largest first, in points.
    public static func regions(ink: InkGrid, words: [(box: Box, confidence: Double?)], rulings: [Box], page: Box) -> [Box] {
        guard let drawn = DrawingRegions.Grid(ink), let grid = DrawingRegions.Grid(ink), page.isFiniteBox,
              page.width > 0, page.height > 0 else { return [] }
        let heights = words.map(\.box.height).filter(\.isFinite).sorted()
        let typical = heights.isEmpty ? 0 : heights[heights.count / 2]
        for (word, confidence) in words where (confidence ?? 1) >= 0.8 || (confidence ?? 1) >= surelyText && word.height <= 2 * typical {
            let around = Box(x0: word.x0 - 2, y0: word.y0 - 2, x1: word.x1 + 2, y1: word.y1 + 2)
            drawn.clear(around)
            grid.clear(around)
        }
        // `drawn` keeps the rulings (a chart's axes and grid hold its pieces together), `grid`
        // is without them.
        for rule in rulings where min(rule.width, rule.height) <= 4 {
            grid.clear(Box(x0: rule.x0 - 1, y0: rule.y0 - 1, x1: rule.x1 + 1, y1: rule.y1 + 1))
        }
        let pageArea = page.width * page.height
        // A row of dots or a thin stroke (dot leaders, a rule OCR left) is no piece of a picture,
        // nor is a letter OCR did not read (a piece is larger than a line of text is tall), nor a
        // line of them (wide and a line high).
        let pieces = grid.components().filter { p in
            min(p.width, p.height) >= 11 && p.width * p.height >= smallestPiece
                && (p.height > 23 || p.width < 4 * p.height) && !inLines(p, grid)
        }
        // Pieces close together are one picture (a chart's bars, a diagram's boxes), and so are
        // pieces the rulings join (a chart's axis or grid), unless what they join is much larger
        // than the picture (a frame around the page).
        var regions = DrawingRegions.merged(pieces, gap: pieceGap).filter { grid.share(in: $0, side: 2) >= leastInk && !inLines($0, grid) }
        let joined = drawn.components()
        for i in regions.indices {
            let most = 2 * regions[i].width * regions[i].height
            for part in joined where part.overlapRatio(regions[i]) > 0 && part.width * part.height <= most {
                // Rulings that run on to text (a rule from a logo to a banner over the lines
                // between them) join no picture: a chart's ticks and titles are a dozen words.
                let region = regions[i]
                let text = words.filter { w in
                    (w.confidence ?? 1) >= 0.6 && part.holdsMiddle(of: w.box) && !region.holdsMiddle(of: w.box)
                }
                guard text.count <= 12 else { continue }
                regions[i] = regions[i].union(part)
            }
        }
        return DrawingRegions.merged(regions).filter { box in
            box.width >= smallestSide && box.height >= smallestSide && box.width * box.height >= 0.005 * pageArea
        }.sorted { $0.width * $0.height > $1.width * $1.height }
    }

    /// Ink that comes in bands a line of text high with blank rows between them is text OCR did
    /// not read (tesseract takes some paragraphs for pictures), not a picture: two bands or
    /// more, most of them at most 16 points high.
    static func inLines(_ box: Box, _ grid: DrawingRegions.Grid) -> Bool {
        guard let s = grid.span(box) else { return false }
        var bands: [Int] = []
        var run = 0
        for r in s.r0...s.r1 {
            let inked = (s.c0...s.c1).contains { grid.inked[r * grid.columns + $0] }
            if inked { run += 1 } else if run > 0 { bands.append(run); run = 0 }
        }
        if run > 0 { bands.append(run) }
        return bands.count >= 2 && 2 * bands.filter { Double($0) * grid.cell <= 16 }.count > bands.count
    }
}
