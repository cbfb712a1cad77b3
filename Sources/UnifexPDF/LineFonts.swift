import CPopplerCore
import UnifexCore

/// Each line's font, from its words': the size most of its characters have, and bold, italic or
/// fixed pitch when more than half of its characters are. A heading set in bold with one roman
/// word, or a paragraph with a word in italics, keeps the style of the most of it.
enum LineFonts {
    static func of(words: UnsafeBufferPointer<unifex_span>, lineCount: Int) -> [FontStyle?] {
        // A line is set in a size or two: each line's sizes with their weights, searched in order.
        var sizes = [[(size: Double, weight: Int)]](repeating: [], count: lineCount)
        var bold = [Int](repeating: 0, count: lineCount), italic = bold, mono = bold, total = bold
        for word in words {
            let line = Int(word.line)
            guard line >= 0, line < lineCount, word.font_size.isFinite, word.font_size > 0 else { continue }
            let weight = max(1, Int(word.text_length))
            let size = (word.font_size * 100).rounded() / 100
            if let i = sizes[line].firstIndex(where: { $0.size == size }) {
                sizes[line][i].weight += weight
            } else {
                sizes[line].append((size, weight))
            }
            total[line] += weight
            if word.style & Int32(UNIFEX_STYLE_BOLD.rawValue) != 0 { bold[line] += weight }
            if word.style & Int32(UNIFEX_STYLE_ITALIC.rawValue) != 0 { italic[line] += weight }
            if word.style & Int32(UNIFEX_STYLE_MONO.rawValue) != 0 { mono[line] += weight }
        }
        return (0..<lineCount).map { i in
            guard let size = sizes[i].max(by: { $0.weight < $1.weight || ($0.weight == $1.weight && $0.size < $1.size) })?.size else { return nil }
            return FontStyle(size: size, bold: 2 * bold[i] > total[i], italic: 2 * italic[i] > total[i], mono: 2 * mono[i] > total[i])
        }
    }
}
