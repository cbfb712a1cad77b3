import CTesseract
import Foundation

extension PageImage {
    /// Images larger than this many pixels are measured on a scaled-down copy: letters stay many
    /// pixels tall, and the cost stays a few tens of milliseconds.
    static let measuredPixels = 9_000_000.0
    /// Fewer letter-sized marks than this are no text to measure (a photo, a blank page, a stamp).
    static let minimumLetters = 40
    /// Marks of ascender height fewer than this share of those of the commonest height: the text
    /// is figures and capitals (a table of numbers), whose commonest height is not an x-height.
    static let fewestAscenders = 0.05

    /// The x-height of the page's body text in pixels of this image: the commonest height among
    /// the marks (connected dark pixels) the size of letters, since most lower-case letters are
    /// exactly that tall and capitals, ascenders, descenders and punctuation spread out around
    /// it. Text that runs up or down the page (a page scanned sideways) is measured across its
    /// lines the same way. nil when the page has too few such marks to tell.
    public func xHeight() -> Double? { measuredXHeight()?.pixels }

    /// The x-height in pixels, and how many letters it was measured on.
    public func measuredXHeight() -> (pixels: Double, letters: Int, figures: Bool)? {
        let pixels = Double(width) * Double(height)
        let factor = pixels > Self.measuredPixels ? (Self.measuredPixels / pixels).squareRoot() : 1
        var scaled: UnsafeMutablePointer<PIX>? = factor < 1 ? pixScale(pix, Float(factor), Float(factor)) : nil
        defer { if scaled != nil { pixDestroy(&scaled) } }
        var binary = pixConvertTo1(scaled ?? pix, 128)
        defer { pixDestroy(&binary) }
        guard let binary else { return nil }
        var found = pixConnCompBB(binary, 8)
        defer { boxaDestroy(&found) }
        guard let boxes = found else { return nil }
        let count = Int(boxaGetCount(boxes))
        let imageHeight = Int(pixGetHeight(scaled ?? pix))
        // Letters are at least 3 pixels tall to be told from specks, a line of text at most a
        // tenth of the page; marks far wider than tall are rules, or letters run together.
        let tallest = max(3, imageHeight / 10)
        let tallestAcross = max(3, Int(pixGetWidth(scaled ?? pix)) / 10)
        var marks: [Mark] = [], across: [Mark] = []
        for i in 0..<count {
            var x: Int32 = 0, y: Int32 = 0, w: Int32 = 0, h: Int32 = 0
            guard boxaGetBoxGeometry(boxes, Int32(i), &x, &y, &w, &h) == 0 else { continue }
            if h >= 3, h <= tallest, w <= 6 * h { marks.append(Mark(x: Int(x), top: Int(y), width: Int(w), height: Int(h))) }
            // The same mark on a page turned a quarter, for text that runs up or down the page.
            if w >= 3, w <= tallestAcross, h <= 6 * w { across.append(Mark(x: Int(y), top: Int(x), width: Int(h), height: Int(w))) }
        }
        // Text runs the way more marks line up as letters do.
        let upright = lettersInLines(marks), turned = lettersInLines(across)
        let letters = upright.count >= turned.count ? upright : turned
        let longest = upright.count >= turned.count ? tallest : tallestAcross
        var histogram = [Int](repeating: 0, count: longest + 2)
        for mark in letters { histogram[mark.height] += 1 }
        guard letters.count >= Self.minimumLetters, let mode = histogram.indices.max(by: { histogram[$0] < histogram[$1] }) else {
            return nil
        }
        // The neighbouring heights refine the mode to a fraction of a pixel.
        let near = (max(3, mode - 1)...min(longest, mode + 1))
        let weight = near.reduce(0) { $0 + histogram[$1] }
        let mean = Double(near.reduce(0) { $0 + $1 * histogram[$1] }) / Double(weight)
        // Lower-case text has its ascenders and capitals about 1.4 times its x-height; marks that
        // are nearly all one height with none such above them are figures and capitals.
        let above = Int((1.3 * mean).rounded(.up))...max(Int((1.3 * mean).rounded(.up)), min(longest, Int(1.6 * mean)))
        let ascenders = above.reduce(0) { $0 + histogram[$1] }
        let figures = Double(ascenders) < Self.fewestAscenders * Double(weight)
        return (mean / factor, letters.count, figures)
    }

    /// This image scaled by `factor` (below 1: smaller), its resolution scaled with it so boxes
    /// still land in points on the page; nil when leptonica cannot scale it.
    public func scaled(by factor: Double) -> PageImage? {
        guard factor > 0, factor.isFinite, factor != 1, let scaled = pixScale(pix, Float(factor), Float(factor)) else {
            return nil
        }
        return PageImage(pix: scaled, dpi: dpi * factor)
    }
}

/// A connected mark's bounding box, in pixels.
struct Mark {
    var x, top, width, height: Int
    var bottom: Int { top + height }
}

/// The marks that stand in a line of text: another mark as tall (within a pixel) sits on the same
/// baseline (within a pixel) close beside it, as the letters of a word do. The strokes of drawings,
/// hatching and noise seldom line up like that, and would otherwise outnumber the letters.
func lettersInLines(_ marks: [Mark]) -> [Mark] {
    var byBottom: [Int: [Int]] = [:]
    for (i, mark) in marks.enumerated() { byBottom[mark.bottom, default: []].append(i) }
    for key in byBottom.keys { byBottom[key]!.sort { marks[$0].x < marks[$1].x } }
    let kept = marks.indices.filter { i in
        let mark = marks[i], reach = 2 * mark.height
        for bottom in (mark.bottom - 1)...(mark.bottom + 1) {
            guard let row = byBottom[bottom] else { continue }
            // The first mark in the row that could be near, found by bisection.
            var low = 0, high = row.count
            while low < high {
                let mid = (low + high) / 2
                if marks[row[mid]].x + marks[row[mid]].width < mark.x - reach { low = mid + 1 } else { high = mid }
            }
            for j in row[low...] {
                let other = marks[j]
                if other.x > mark.x + mark.width + reach { break }
                if j != i, abs(other.height - mark.height) <= 1 { return true }
            }
        }
        return false
    }
    return kept.map { marks[$0] }
}
