import CTesseract

/// Check boxes drawn before lines, as forms and questionnaires put them before each option.
/// Tesseract reads no character for a square outline, so the options of a scanned form would
/// lose the markers a text layer keeps (a font's box glyph): here each square just left of a
/// line becomes a word of its own, `☐` (empty) or `☒` (marked), leading the line.
enum Checkboxes {
    static let empty = "☐", marked = "☒"

    /// A square found before line `line`, with its pixel box and whether something is inside.
    struct Found {
        var line: Int
        var box: (Int32, Int32, Int32, Int32)
        var marked: Bool
        var text: String { marked ? Checkboxes.marked : Checkboxes.empty }
    }

    /// The squares in `pix` that stand just left of a line (within three line heights, about the
    /// line's height, centred on it) and touch no line. Boxes are left, top, right, bottom.
    static func find(in pix: UnsafeMutablePointer<PIX>, lines: [(Int32, Int32, Int32, Int32)]) -> [Found] {
        guard !lines.isEmpty else { return [] }
        let squares = outlines(pix) + lightSquares(pix)
        guard !squares.isEmpty else { return [] }
        var found: [Found] = []
        for (index, line) in lines.enumerated() {
            let height = Double(line.3 - line.1)
            guard height > 0 else { continue }
            let middle = Double(line.1 + line.3) / 2
            // Just left of the line, or where it starts: tesseract may read a square as a word
            // ("CJ", "O)", "[]"), which then starts the line.
            let near = squares.filter { s in
                let size = Double(s.box.3 - s.box.1), centre = Double(s.box.1 + s.box.3) / 2
                let gap = Double(line.0 - s.box.2)
                let before = gap >= 0 && gap <= 3 * height
                let starting = abs(Double(line.0 - s.box.0)) <= 0.3 * height
                return size >= 0.5 * height && size <= 1.5 * height && abs(centre - middle) <= 0.35 * height
                    && (before || starting)
                    && !lines.enumerated().contains { $0.offset != index && overlaps($0.element, s.box) }
            }
            // The nearest square to the line's start is its marker.
            if let best = near.max(by: { $0.box.2 < $1.box.2 }) {
                found.append(Found(line: index, box: best.box, marked: best.marked))
            }
        }
        return found
    }

    typealias Square = (box: (Int32, Int32, Int32, Int32), marked: Bool)

    /// Squares drawn as dark outlines on a light page.
    static func outlines(_ pix: UnsafeMutablePointer<PIX>) -> [Square] {
        guard let binary = pixConvertTo1(pix, 128) else { return [] }
        defer { var owned: UnsafeMutablePointer<PIX>? = binary; pixDestroy(&owned) }
        return components(binary).compactMap { x, y, w, h in
            outline(binary, x: x, y: y, w: w, h: h).map { ((x, y, x + w, y + h), $0) }
        }
    }

    /// Squares left blank on a tinted page (a form's fields printed on a grey or coloured ground):
    /// solid components markedly lighter than the page's commonest shade, when that shade is not
    /// white itself.
    static func lightSquares(_ pix: UnsafeMutablePointer<PIX>) -> [Square] {
        guard let grey = pixConvertTo8(pix, 0) else { return [] }
        defer { var owned: UnsafeMutablePointer<PIX>? = grey; pixDestroy(&owned) }
        guard let histogram = pixGetGrayHistogram(grey, 2) else { return [] }
        defer { var owned: UnsafeMutablePointer<NUMA>? = histogram; numaDestroy(&owned) }
        var most: Float = 0
        var ground: Int32 = 0
        guard numaGetMax(histogram, &most, &ground) == 0, ground >= 64, ground <= 225,
              let dark = pixThresholdToBinary(grey, ground + 20) else { return [] }
        // Set where the page is lighter than its ground by a clear margin.
        let light = pixInvert(nil, dark)
        var owned: UnsafeMutablePointer<PIX>? = dark
        pixDestroy(&owned)
        guard let light else { return [] }
        defer { var owned: UnsafeMutablePointer<PIX>? = light; pixDestroy(&owned) }
        return components(light).compactMap { x, y, w, h in
            density(light, x, y, w, h) > 0.85 ? ((x, y, x + w, y + h), false) : nil
        }
    }

    /// The squarish connected components of a binary image, at least 6 pixels a side.
    static func components(_ binary: UnsafeMutablePointer<PIX>) -> [(Int32, Int32, Int32, Int32)] {
        guard let found = pixConnCompBB(binary, 8) else { return [] }
        defer { var owned: UnsafeMutablePointer<BOXA>? = found; boxaDestroy(&owned) }
        var out: [(Int32, Int32, Int32, Int32)] = []
        for i in 0..<boxaGetCount(found) {
            var x: Int32 = 0, y: Int32 = 0, w: Int32 = 0, h: Int32 = 0
            guard boxaGetBoxGeometry(found, i, &x, &y, &w, &h) == 0, w >= 6, h >= 6,
                  Double(w) <= 1.35 * Double(h), Double(h) <= 1.35 * Double(w) else { continue }
            out.append((x, y, w, h))
        }
        return out
    }

    /// The share of set pixels in a rectangle.
    static func density(_ binary: UnsafeMutablePointer<PIX>, _ x: Int32, _ y: Int32, _ w: Int32, _ h: Int32) -> Double {
        guard w > 0, h > 0, let box = boxCreate(x, y, w, h) else { return 0 }
        defer { var owned: UnsafeMutablePointer<BOX>? = box; boxDestroy(&owned) }
        var count: Int32 = 0
        guard pixCountPixelsInRect(binary, box, &count, nil) == 0 else { return 0 }
        return Double(count) / Double(w * h)
    }

    /// Whether the component in the box is a square outline: each side a nearly solid stroke.
    /// Returns whether anything stands inside it (a tick or a cross), or nil for no outline.
    private static func outline(_ binary: UnsafeMutablePointer<PIX>, x: Int32, y: Int32, w: Int32, h: Int32) -> Bool? {
        // The strokes are at most a fifth of the side, so the middle band of each side is the frame.
        let stroke = max(1, min(w, h) / 5)
        func density(_ bx: Int32, _ by: Int32, _ bw: Int32, _ bh: Int32) -> Double {
            Checkboxes.density(binary, bx, by, bw, bh)
        }
        // Each side: the share of its rows (or columns) with a set pixel in the edge band.
        func solid(_ vertical: Bool, _ from: Int32) -> Bool {
            let length = vertical ? h : w
            var covered = 0
            for step in 0..<length {
                let d = vertical ? density(from, y + step, stroke, 1) : density(x + step, from, 1, stroke)
                if d > 0 { covered += 1 }
            }
            return Double(covered) >= 0.9 * Double(length)
        }
        // The four corners first: a letter's round or open corners fail here, at little cost.
        let corners = [(x, y), (x + w - stroke, y), (x, y + h - stroke), (x + w - stroke, y + h - stroke)]
        guard corners.allSatisfy({ density($0.0, $0.1, stroke, stroke) > 0 }) else { return nil }
        guard solid(true, x), solid(true, x + w - stroke), solid(false, y), solid(false, y + h - stroke) else { return nil }
        // A letter like O or D fills its edge bands only in part; a filled square (a bullet) is
        // solid inside: neither is an outline with a clear inside.
        let inner = density(x + w / 4, y + h / 4, w / 2, h / 2)
        if inner > 0.6 { return nil }
        return inner > 0.05
    }

    private static func overlaps(_ a: (Int32, Int32, Int32, Int32), _ b: (Int32, Int32, Int32, Int32)) -> Bool {
        a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
    }
}

extension RecognisedPage {
    /// The page with a check-box word leading each line that has a square just left of it.
    func withCheckboxes(in pix: UnsafeMutablePointer<PIX>) -> RecognisedPage {
        let boxed = lines.indices.compactMap { i -> (Int, (Int32, Int32, Int32, Int32))? in
            guard let box = lines[i].box, !lines[i].text.allSatisfy(\.isWhitespace) else { return nil }
            return (i, box)
        }
        let found = Checkboxes.find(in: pix, lines: boxed.map(\.1))
        guard !found.isEmpty else { return self }
        var page = self
        var leading: [Int: Span] = [:]
        var misread = Set<Int>()
        for mark in found {
            let index = boxed[mark.line].0
            let b = boxed[mark.line].1
            // Words that lie within the square are tesseract's reading of it, not text.
            let side = Int32(Double(mark.box.2 - mark.box.0) * 0.25)
            let within = page.words.indices.filter { i in
                guard let w = page.words[i].box else { return false }
                return w.0 >= mark.box.0 - side && w.2 <= mark.box.2 + side && w.1 >= mark.box.1 - side && w.3 <= mark.box.3 + side
            }
            var line = page.lines[index]
            var text = Substring(line.text)
            for i in within {
                text = text.drop { $0.isWhitespace }
                if text.hasPrefix(page.words[i].text) { text = text.dropFirst(page.words[i].text.count) }
            }
            line.text = mark.text + " " + text.drop { $0 == " " }
            if let l = line.box { line.box = (min(l.0, mark.box.0), min(l.1, mark.box.1), max(l.2, mark.box.2), max(l.3, mark.box.3)) }
            page.lines[index] = line
            misread.formUnion(within)
            // The mark goes before the line's first word: the first whose centre is in the line.
            if let first = within.first ?? page.words.firstIndex(where: { w in
                guard let wb = w.box else { return false }
                let cx = (wb.0 + wb.2) / 2, cy = (wb.1 + wb.3) / 2
                return cx >= b.0 && cx <= b.2 && cy >= b.1 && cy <= b.3
            }) {
                leading[first] = Span(text: mark.text, box: mark.box, confidence: 100)
            }
        }
        page.words = page.words.indices.flatMap { i in [leading[i], misread.contains(i) ? nil : page.words[i]].compactMap { $0 } }
        return page
    }
}
