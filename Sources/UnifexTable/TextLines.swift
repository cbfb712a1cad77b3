import UnifexCore

/// Words grouped into the lines of text they sit on, top to bottom, each line left to right.
///
/// A word joins a line when most of the smaller of the two heights overlap, so superscripts and
/// words in a smaller font stay on their line, and lines of neighbouring columns at slightly
/// different heights do not fuse.
struct TextLine {
    var words: [TableWord]
    var y0, y1: Double
    var x0: Double { words.map(\.box.x0).min() ?? 0 }
    var x1: Double { words.map(\.box.x1).max() ?? 0 }
    var height: Double { y1 - y0 }
    var centerY: Double { (y0 + y1) / 2 }

    static func group(_ words: [TableWord]) -> [TextLine] {
        var lines: [TextLine] = []
        for word in words.sorted(by: { $0.centerY < $1.centerY }) {
            let h = max(word.box.height, 0.1)
            // Only the last few lines can still overlap a word further down.
            var joined = false
            for index in stride(from: lines.count - 1, through: max(0, lines.count - 3), by: -1) {
                let line = lines[index]
                let overlap = min(line.y1, word.box.y1) - max(line.y0, word.box.y0)
                if overlap >= 0.5 * min(h, max(line.height, 0.1)) {
                    lines[index].words.append(word)
                    // The line's band is its first full-height words; a small word does not stretch it.
                    if h > line.height { lines[index].y0 = min(line.y0, word.box.y0); lines[index].y1 = max(line.y1, word.box.y1) }
                    joined = true
                    break
                }
            }
            if !joined { lines.append(TextLine(words: [word], y0: word.box.y0, y1: word.box.y1)) }
        }
        for i in lines.indices { lines[i].words.sort { $0.box.x0 < $1.box.x0 } }
        return lines.sorted { $0.centerY < $1.centerY }
    }
}

/// The text of words in one cell: by lines, each in reading order (right to left for Arabic or
/// Hebrew), lines joined by a space. A drop capital, one letter set taller than the rest of its
/// word and touching it ("T" "HRESHOLD"), is joined to it.
func cellText(_ words: [TableWord]) -> String {
    TextLine.group(words).map { line in
        let order = LogicalOrder.wordOrder(line.words.map(\.text))
        var text = ""
        for (k, i) in order.enumerated() {
            let word = line.words[i]
            if k > 0 {
                let before = line.words[order[k - 1]]
                if !isDropCapital(before, of: word) && !(endsUnspaced(before.text) && startsUnspaced(word.text))
                    && !continuesDigitGroups(before, word) { text += " " }
            }
            text += word.text
        }
        return text
    }.joined(separator: " ")
}

/// OCR parts a figure at its thousands separator where the comma is set wide ("5," "664" for
/// 5,664, in a Japanese font): the next three digits, closer than a digit's width, are its next
/// group. A text layer's words keep the spaces the PDF set.
func continuesDigitGroups(_ before: TableWord, _ word: TableWord) -> Bool {
    guard before.ocr, word.ocr else { return false }
    let head = Array(before.text), tail = Array(word.text)
    func digit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
    guard head.count >= 2, head.last == ",", digit(head[head.count - 2]),
          tail.count >= 3, tail.prefix(3).allSatisfy(digit), tail.count == 3 || !digit(tail[3]) else { return false }
    return word.box.x0 - before.box.x1 < word.box.width / Double(tail.count)
}

/// Chinese and Japanese set no space between words: OCR cuts their lines into words that join
/// back without one ("株主" "資本" is "株主資本").
func endsUnspaced(_ text: String) -> Bool { text.unicodeScalars.last.map(isUnspacedScript) ?? false }
func startsUnspaced(_ text: String) -> Bool { text.unicodeScalars.first.map(isUnspacedScript) ?? false }

private func isUnspacedScript(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x3000...0x303F, 0xFF00...0xFFEF: true
    default: false
    }
}

func isDropCapital(_ letter: TableWord, of word: TableWord) -> Bool {
    guard letter.text.count == 1, letter.text.first?.isUppercase == true, word.text.first?.isUppercase == true else { return false }
    let gap = word.box.x0 - letter.box.x1
    return letter.box.height >= 1.1 * word.box.height && gap >= -0.5 && gap <= 0.15 * word.box.height
}
