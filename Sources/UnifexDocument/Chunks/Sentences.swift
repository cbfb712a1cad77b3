/// Where a paragraph's sentences end: after `.`, `!`, `?` (and their CJK forms) when what follows
/// a space begins a sentence (a capital, a digit, a quote or bracket), and the word before is no
/// abbreviation (`e.g.`, `Fig.`, `et al.`, a single initial).
enum Sentences {
    static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let ch = text[i]
            let next = text.index(after: i)
            if "。！？".contains(ch) {
                sentences.append(String(text[start..<next]))
                start = next
            } else if ".!?".contains(ch), next < text.endIndex, text[next].isWhitespace {
                var j = next
                while j < text.endIndex, text[j].isWhitespace { j = text.index(after: j) }
                if j < text.endIndex, beginsSentence(text[j]), !(ch == "." && endsAbbreviation(text[start..<i])) {
                    sentences.append(String(text[start..<next]))
                    start = j
                    i = j
                    continue
                }
            }
            i = next
        }
        if start < text.endIndex { sentences.append(String(text[start...])) }
        return sentences.filter { !$0.allSatisfy(\.isWhitespace) }
    }

    private static func beginsSentence(_ ch: Character) -> Bool {
        ch.isUppercase || ch.isNumber || "\"“‘'([".contains(ch) || (ch.isLetter && !ch.isLowercase)
    }

    private static let abbreviations: Set<String> = [
        "e.g", "i.e", "etc", "al", "fig", "figs", "eq", "eqs", "no", "nos", "vol", "vs", "cf", "approx",
        "dr", "mr", "mrs", "ms", "prof", "st", "sec", "ch", "p", "pp", "ref", "refs", "tab", "inc", "ltd", "co",
    ]

    /// Whether the text ends with a word that a period after it does not end a sentence.
    private static func endsAbbreviation(_ text: Substring) -> Bool {
        let word = text.split(whereSeparator: \.isWhitespace).last.map { $0.lowercased() } ?? ""
        let bare = word.drop { "([\"“".contains($0) }
        if bare.count == 1, bare.first?.isLetter == true { return true }
        return abbreviations.contains(String(bare))
    }
}
