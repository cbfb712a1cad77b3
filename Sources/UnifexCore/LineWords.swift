extension TextSpan {
    /// The words of each line. Words and lines come in the same reading order, so each line takes
    /// the words that follow whose centres fall inside it (within a point). A word with no finite
    /// centre (boxes of ±1e400) cannot be placed: it stays with the line it came with in reading
    /// order rather than vanish, or stop the lines after it from finding theirs.
    public static func words(_ words: [TextSpan], of lines: [TextSpan]) -> [[TextSpan]] {
        var next = 0
        return lines.map { line in
            var own: [TextSpan] = []
            let b = line.box
            while next < words.count {
                let w = words[next].box
                let cx = (w.x0 + w.x1) / 2, cy = (w.y0 + w.y1) / 2
                let placeable = cx.isFinite && cy.isFinite
                guard !placeable || (cx >= b.x0 - 1 && cx <= b.x1 + 1 && cy >= b.y0 - 1 && cy <= b.y1 + 1) else { break }
                own.append(words[next])
                next += 1
            }
            return own
        }
    }
}
