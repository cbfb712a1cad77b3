import UnifexCore

/// OCR runs a line across a narrow gutter (`1 Introduction 2 Methods`): such a line is cut where
/// the space between two of its words is wider than two line heights, far wider than a word space.
/// Text-layer lines (with a font) stay whole: the text layer cuts them at gutters itself.
/// Each piece comes with its words.
enum OCRLines {
    typealias Piece = (index: Int, span: TextSpan, words: [TextSpan])

    static func split(_ lines: [TextSpan], words: [TextSpan]) -> [Piece] {
        var out: [Piece] = []
        for (i, (line, own)) in zip(lines, TextSpan.words(words, of: lines)).enumerated() {
            let b = line.box
            guard line.font == nil, own.count >= 2, b.isUsable else { out.append((i, line, own)); continue }
            var pieces: [[TextSpan]] = [[own[0]]]
            for word in own.dropFirst() {
                if word.box.x0 - pieces[pieces.count - 1].last!.box.x1 > 2 * max(b.height, 1) { pieces.append([]) }
                pieces[pieces.count - 1].append(word)
            }
            // The text is tesseract's own, whose spaces are its word spaces (a Korean line's
            // syllables come as words of their own, with no space between them); the box is its
            // words', tighter than the line's.
            let texts = pieces.count == 1 ? [line.text] : cut(line.text, into: pieces)
            for (piece, text) in zip(pieces, texts) { out.append((i, span(piece, text: text, like: line), piece)) }
        }
        return out
    }

    /// The line's text cut where its pieces meet, found by walking the words' texts through it;
    /// the words joined by spaces when they cannot be found there in turn.
    static func cut(_ text: String, into pieces: [[TextSpan]]) -> [String] {
        let joined = pieces.map { $0.map(\.text).joined(separator: " ") }
        let scalars = Array(text.unicodeScalars)
        var at = 0
        var out: [String] = []
        for piece in pieces {
            var start: Int? = nil
            for word in piece {
                while at < scalars.count, scalars[at].properties.isWhitespace { at += 1 }
                let own = Array(word.text.unicodeScalars)
                guard at + own.count <= scalars.count, Array(scalars[at..<at + own.count]) == own else { return joined }
                if start == nil { start = at }
                at += own.count
            }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[(start ?? at)..<at])
            out.append(String(piece))
        }
        return out
    }

    static func span(_ words: [TextSpan], text: String, like line: TextSpan) -> TextSpan {
        guard words.count > 0 else { return line }
        let box = words.dropFirst().reduce(words[0].box) { $0.union($1.box) }
        return TextSpan(text: text, box: box, confidence: line.confidence)
    }
}
