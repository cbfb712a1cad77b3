import UnifexCore

/// The text of a code block as it was laid out: in a fixed-pitch font every character takes one
/// column, so a word's column is its distance from the block's left edge over the pitch. That
/// brings back the indentation (Python's blocks, nested braces) and the spacing between tokens
/// that the text layer's word breaks lose (`add (a , b )` is `add(a, b)`).
enum CodeLayout {
    /// One string per fragment (line), or nil when the words give no usable pitch.
    static func lines(_ fragments: [Fragment]) -> [String]? {
        let lines = fragments.map { $0.spans.filter { $0.box.isUsable && !$0.text.isEmpty }.sorted { $0.box.x0 < $1.box.x0 } }
        guard let left = lines.joined().map(\.box.x0).min(), let pitch = pitch(lines, left: left) else { return nil }
        return zip(fragments, lines).map { fragment, line in
            if fragment.mixesPitch { return fragment.text }
            var out = ""
            var previousEnd: Double?
            for span in line {
                let column = columnIndex(span.box.x0 - left, pitch: pitch)
                var spaces = column.map { $0 - out.count } ?? 1
                if spaces < 1 {
                    // Words the grid puts on top of each other: keep them apart as the gap says.
                    spaces = previousEnd.map { span.box.x0 - $0 > 0.5 * pitch ? 1 : 0 } ?? 0
                }
                if out.isEmpty, column == nil { spaces = 0 }
                out += String(repeating: " ", count: min(spaces, 200)) + span.text
                previousEnd = span.box.x1
            }
            return out
        }
    }

    /// The column pitch: first guessed from each word's width (taking the glyph of a one-letter
    /// word as what the last letter adds), then the grid that puts the words' starts on whole
    /// columns best, without a word running into the next. Listings often set the columns wider
    /// than their letters, so the starts, not the widths, decide.
    static func pitch(_ lines: [[TextSpan]], left: Double) -> Double? {
        let spans = lines.flatMap { $0 }
        let singles = spans.filter { $0.text.count == 1 }.map(\.box.width).sorted()
        let glyph = singles.isEmpty ? nil : singles[singles.count / 2]
        let estimates = spans.filter { $0.text.count >= 2 }.map { span in
            let n = Double(span.text.count)
            return glyph.map { (span.box.width - $0) / (n - 1) } ?? span.box.width / n
        }.filter { $0.isFinite && $0 > 0 }.sorted()
        guard let guess = estimates.isEmpty ? glyph : estimates[estimates.count / 2], guess.isFinite, guess > 0 else { return nil }
        // From a little under the guess to a third over it: never half or twice the pitch.
        var best: (misfit: Double, pitch: Double)?
        for step in 0...200 {
            let pitch = guess * (0.9 + 0.4 * Double(step) / 200)
            var misfit = 0.0
            for line in lines {
                var end: Int?
                for span in line {
                    let d = (span.box.x0 - left) / pitch
                    guard let c = columnIndex(span.box.x0 - left, pitch: pitch) else { misfit += 1; continue }
                    misfit += (d - Double(c)) * (d - Double(c))
                    if let end, c < end { misfit += 1 }
                    end = c + span.text.count
                }
            }
            if best.map({ misfit < $0.misfit }) ?? true { best = (misfit, pitch) }
        }
        // Words that sit on no grid (a text layer laid over a scan, each word stretched to fit
        // the image) give no pitch: a tenth of a column off on average is as far as a grid goes.
        guard let best, best.misfit <= 0.01 * Double(max(spans.count, 1)) else { return nil }
        // And each word as wide as its letters on that grid: from one letter less to one more.
        let words = spans.filter { $0.text.count >= 2 }
        let fitting = words.filter { span in
            let n = Double(span.text.count)
            return span.box.width >= 0.9 * (n - 1) * best.pitch && span.box.width <= 1.1 * n * best.pitch
        }
        guard 5 * fitting.count >= 4 * words.count else { return nil }
        return best.pitch
    }

    /// The column a distance from the left edge falls on, nil when it is no sane column.
    static func columnIndex(_ distance: Double, pitch: Double) -> Int? {
        let c = (distance / pitch).rounded()
        guard c.isFinite, c >= 0, c < 10_000 else { return nil }
        return Int(c)
    }
}
