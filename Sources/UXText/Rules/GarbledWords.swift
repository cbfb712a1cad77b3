/// Flags a page where, of at least `minimumWords` words of three or more characters, more than
/// `maximumOddFraction` have a capital right after a small letter or letters run into digits
/// ("HanorosasAeKnapai", "IVIBaeMoMy", "0T"): an old OCR layer that read Cyrillic as Latin
/// look-alikes. Real text stays far below: under 0.15 on the corpus.
struct GarbledWords: TextLayerRule {
    static let minimumWords = 20
    static let maximumOddFraction = 0.2
    var reason: String { "garbled-words" }
    func flags(_ layer: TextLayerFacts) -> Bool { Self.oddWordFraction(layer.text) > Self.maximumOddFraction }

    /// The share of words (three or more characters) that no writing system produces: a small
    /// letter followed by a capital, or letters and digits run together (ordinals aside).
    static func oddWordFraction(_ text: String) -> Double {
        // One pass over the scalars, ASCII without property look-ups: this runs on every page.
        enum Kind { case lower, upper, digit, otherLetter, space, other }
        // Plain comparisons for ASCII: a switch over ranges here cost a call per character.
        @inline(__always) func kind(_ scalar: Unicode.Scalar) -> Kind {
            let v = scalar.value
            if v < 0x80 {
                if v >= 0x61 && v <= 0x7A { return .lower }
                if v >= 0x41 && v <= 0x5A { return .upper }
                if v >= 0x30 && v <= 0x39 { return .digit }
                if v == 0x20 || (v >= 0x09 && v <= 0x0D) { return .space }
                return .other
            }
            let p = scalar.properties
            if p.isWhitespace { return .space }
            if p.isLowercase { return .lower }
            if p.isUppercase { return .upper }
            if p.numericType != nil { return .digit }
            return p.isAlphabetic ? .otherLetter : .other
        }
        var words = 0, odd = 0
        var length = 0, digits = 0, letters = 0, strange = false, startsWithDigit = false, hasUpper = false
        var previous = Kind.space
        func endWord() {
            guard length >= 3 else { return }
            words += 1
            // 1st, 22nd, 1990s, 4th: digits then a short suffix are ordinary.
            let ordinal = digits > 0 && letters <= 2 && startsWithDigit && !hasUpper
            if strange && !ordinal { odd += 1 }
        }
        for scalar in text.unicodeScalars {
            let k = kind(scalar)
            if k == .space {
                endWord()
                length = 0; digits = 0; letters = 0; strange = false; startsWithDigit = false; hasUpper = false
                previous = .space
                continue
            }
            if k == .other { previous = .other; continue }   // punctuation: counts for nothing
            if length == 0 { startsWithDigit = k == .digit }
            length += 1
            switch k {
            case .digit: digits += 1
            case .upper: letters += 1; hasUpper = true
            default: letters += 1
            }
            // A capital right after a small letter; letters with case run into digits. Scripts
            // without case (Chinese, Japanese) run digits into words ("2017年"): not counted.
            if previous == .lower && k == .upper { strange = true }
            if (previous == .lower || previous == .upper) && k == .digit { strange = true }
            if previous == .digit && (k == .lower || k == .upper) { strange = true }
            previous = k
        }
        endWord()
        return words >= minimumWords ? Double(odd) / Double(words) : 0
    }
}
