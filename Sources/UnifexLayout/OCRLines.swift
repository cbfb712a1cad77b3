import UnifexCore

/// OCR runs a line across a narrow gutter (`1 Introduction 2 Methods`): such a line is cut where
/// the space between two of its words is wider than two line heights, far wider than a word space.
/// Text-layer lines (with a font) stay whole: the text layer cuts them at gutters itself.
enum OCRLines {
    static func split(_ lines: [TextSpan], words: [TextSpan]) -> [(index: Int, span: TextSpan)] {
        var out: [(index: Int, span: TextSpan)] = []
        var next = 0
        for (i, line) in lines.enumerated() {
            // Words and lines come in the same reading order: the line's words follow in turn.
            var own: [TextSpan] = []
            let b = line.box
            while next < words.count {
                let w = words[next].box
                let cx = (w.x0 + w.x1) / 2, cy = (w.y0 + w.y1) / 2
                guard cx >= b.x0 - 1, cx <= b.x1 + 1, cy >= b.y0 - 1, cy <= b.y1 + 1 else { break }
                own.append(words[next])
                next += 1
            }
            guard line.font == nil, own.count >= 2, b.isUsable else { out.append((i, line)); continue }
            var piece = [own[0]]
            for word in own.dropFirst() {
                if word.box.x0 - piece.last!.box.x1 > 2 * max(b.height, 1) {
                    out.append((i, span(piece, like: line)))
                    piece = []
                }
                piece.append(word)
            }
            out.append((i, span(piece, like: line)))
        }
        return out
    }

    static func span(_ words: [TextSpan], like line: TextSpan) -> TextSpan {
        guard words.count > 0 else { return line }
        let box = words.dropFirst().reduce(words[0].box) { $0.union($1.box) }
        return TextSpan(text: words.map(\.text).joined(separator: " "), box: box, confidence: line.confidence)
    }
}
