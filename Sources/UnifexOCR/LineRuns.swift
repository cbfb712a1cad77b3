import CTesseract
public import UnifexCore

extension PageImage {
    /// The long straight dark runs of the image, horizontal and vertical, and the filled areas
    /// they run into, as boxes in points: the ruling lines and shaded cells of a table on a
    /// scanned page. Leptonica's morphology keeps what a `minimum`-points-long line fits in (an
    /// opening with a one-pixel-thick brick), which letters do not; each connected piece left is
    /// one box. What is left that is thicker than `thickest` points every way is a filled area
    /// (a dark header band, a black box): it is a box of its own, apart from the lines that touch
    /// it, or the whole of a table ruled under a dark header would be one piece with its band;
    /// and the lines drawn across it, darker than its fill, are found in it the same way.
    public func lineRuns(minimum points: Double = 14, thickest: Double = 3,
                         darkness threshold: Int = 200) -> [UnifexCore.Box] {
        guard let grey = pixConvertTo8(pix, 0) else { return [] }
        var g: UnsafeMutablePointer<PIX>? = grey
        defer { pixDestroy(&g) }
        let length = Int32(clamping: max(8, Int(saturating: points * dpi / 72)))
        let side = Int32(clamping: Int(saturating: (thickest * dpi / 72).rounded(.up)) + 1)
        let scale = 72 / dpi
        var areas: [PixelBox] = []
        var boxes = Self.runs(in: grey, darkerThan: threshold, length: length, side: side, areas: &areas)
        // Cells filled in a light shade and parted by thin gaps of paper, with no dark rule (a
        // banded table): the fills, set apart from the paper, are areas whose outlines are the grid.
        var paper: UInt32 = 0
        if pixGetRankValue(grey, 2, 0.5, &paper) == 0, Int(paper) - Self.paperNoise > threshold {
            var light: [PixelBox] = []
            _ = Self.runs(in: grey, darkerThan: Int(paper) - Self.paperNoise, length: length, side: side, areas: &light)
            let fresh = light.filter { area in !areas.contains { $0.encloses(area) && area.encloses($0) } }
            areas += fresh
            boxes += fresh
        }
        let pageLines = boxes.filter { !areas.contains($0) }
        let shortest = Int32(clamping: max(4, Int(saturating: Self.shortestAcross * dpi / 72)))
        for area in areas {
            guard let clip = area.clip(grey) else { continue }
            var c: UnsafeMutablePointer<PIX>? = clip
            defer { pixDestroy(&c) }
            var level: UInt32 = 0
            guard pixGetRankValue(clip, 1, 0.5, &level) == 0, level >= 2 else { continue }
            var inner: [PixelBox] = []
            boxes += Self.runs(in: clip, darkerThan: Int(level / 2), length: length, side: side, areas: &inner)
                .map { $0.offset(by: area) }
            // A rule of the grid drawn on across a band shorter than a rule is long (a shaded
            // header row of one line under a shaded title): the piece in the band meets the
            // rule outside it at the band's edge. A hairline a scan spreads over two pixels is
            // only a little darker than a fill, but where it meets a rule it is one.
            var ignored: [PixelBox] = []
            boxes += Self.runs(in: clip, darkerThan: Int(level * 3 / 4), length: shortest, side: side, areas: &ignored)
                .filter { !ignored.contains($0) }
                .map { $0.offset(by: area) }
                .filter { piece in piece.continues(pageLines, outside: area) }
        }
        return boxes.map { b in
            UnifexCore.Box(x0: Double(b.x) * scale, y0: Double(b.y) * scale,
                           x1: Double(b.x + b.w) * scale, y1: Double(b.y + b.h) * scale)
        }
    }

    /// The shortest piece of a rule (points) found inside a filled area where it meets a rule
    /// outside the area.
    static let shortestAcross = 4.0

    /// How much darker than the paper (the page's median grey, 0-255) a pixel must be to be a
    /// fill: a scan's paper varies by a few levels, and a shade a reader sees as one is darker
    /// than that.
    static let paperNoise = 16

    /// The line runs of `grey` where it is darker than `threshold`, and (into `areas`) the filled
    /// areas, each given once.
    private static func runs(in grey: UnsafeMutablePointer<PIX>, darkerThan threshold: Int, length: Int32, side: Int32,
                             areas: inout [PixelBox]) -> [PixelBox] {
        guard let binary = pixThresholdToBinary(grey, Int32(clamping: threshold)) else { return [] }
        var b: UnsafeMutablePointer<PIX>? = binary
        defer { pixDestroy(&b) }
        var lines: [PixelBox] = []
        var filledEither: UnsafeMutablePointer<PIX>?
        defer { pixDestroy(&filledEither) }
        for (w, h) in [(length, Int32(1)), (Int32(1), length)] {
            guard let opened = pixOpenBrick(nil, binary, w, h) else { continue }
            var o: UnsafeMutablePointer<PIX>? = opened
            defer { pixDestroy(&o) }
            guard let filled = pixOpenBrick(nil, opened, side, side), let thin = pixSubtract(nil, opened, filled) else { continue }
            var f: UnsafeMutablePointer<PIX>? = filled, t: UnsafeMutablePointer<PIX>? = thin
            defer { pixDestroy(&f); pixDestroy(&t) }
            lines += PixelBox.pieces(thin)
            filledEither = filledEither.map { pixOr($0, $0, filled) } ?? pixCopy(nil, filled)
        }
        // An area is what either opening keeps thick, taken together: a fill whose light letters
        // break it into strips one way (between its lines of text) and the other (its margins)
        // is whole only in both. Inside it, what the openings leave around the letters is no
        // line either: the lines across an area are looked for against its own fill.
        for area in filledEither.map(PixelBox.pieces) ?? [] where !areas.contains(area) { areas.append(area) }
        areas = areas.filter { area in !areas.contains { $0 != area && $0.encloses(area) } }
        return lines.filter { line in !areas.contains { $0.encloses(line) } } + areas
    }
}

/// A box in an image's pixels.
struct PixelBox: Equatable {
    var x, y, w, h: Int32

    /// The connected pieces of a binary image.
    static func pieces(_ image: UnsafeMutablePointer<PIX>) -> [PixelBox] {
        guard let found = pixConnComp(image, nil, 8) else { return [] }
        var p: UnsafeMutablePointer<BOXA>? = found
        defer { boxaDestroy(&p) }
        return (0..<boxaGetCount(found)).compactMap { i in
            var box = PixelBox(x: 0, y: 0, w: 0, h: 0)
            return boxaGetBoxGeometry(found, i, &box.x, &box.y, &box.w, &box.h) == 0 ? box : nil
        }
    }

    func clip(_ image: UnsafeMutablePointer<PIX>) -> UnsafeMutablePointer<PIX>? {
        guard let box = boxCreate(x, y, w, h) else { return nil }
        var b: UnsafeMutablePointer<BOX>? = box
        defer { boxDestroy(&b) }
        return pixClipRectangle(image, box, nil)
    }

    func encloses(_ other: PixelBox) -> Bool {
        other.x >= x - 1 && other.y >= y - 1 && other.x + other.w <= x + w + 1 && other.y + other.h <= y + h + 1
    }

    func offset(by origin: PixelBox) -> PixelBox { PixelBox(x: x + origin.x, y: y + origin.y, w: w, h: h) }

    /// Whether this piece of a line inside `area` reaches an edge of the area where one of
    /// `lines` (outside it) goes on in the same direction, over the same place.
    func continues(_ lines: [PixelBox], outside area: PixelBox) -> Bool {
        let slack: Int32 = 2
        if h > w {
            let top = y <= area.y + slack, bottom = y + h >= area.y + area.h - slack
            return lines.contains { l in
                l.h > l.w && l.x <= x + w + slack && x <= l.x + l.w + slack
                    && (bottom && abs(l.y - (area.y + area.h)) <= slack || top && abs(l.y + l.h - area.y) <= slack)
            }
        }
        let left = x <= area.x + slack, right = x + w >= area.x + area.w - slack
        return lines.contains { l in
            l.w > l.h && l.y <= y + h + slack && y <= l.y + l.h + slack
                && (right && abs(l.x - (area.x + area.w)) <= slack || left && abs(l.x + l.w - area.x) <= slack)
        }
    }
}
