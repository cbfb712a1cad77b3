import Foundation

/// Decides whether a page's PDF text layer is good enough to use instead of OCR.
///
/// The rule (documented in README, "Text-layer quality"):
/// - the PDF library lacked the encoding data some of the page's fonts need (CJK CMaps):
///   `missing-font-data` (their text is missing from the layer, however much else it holds);
/// - fewer than `minimumCharacters` non-space characters, counted in Latin letters' worth
///   (`evidence(of:)`: a Chinese character weighs three, a kana or Hangul syllable two):
///   `too-few-characters` (image-only pages have none);
/// - more than `maximumBadFraction` of them are replacement characters (U+FFFD),
///   control characters or private-use code points: `replacement-characters`
///   (fonts without a Unicode map extract as these);
/// - fewer than `minimumAlphanumericFraction` of them are letters or digits in any script:
///   `mostly-symbols` (unmapped glyph codes often decode to punctuation);
/// - of at least `minimumWordsToJudge` words of three or more characters, more than
///   `maximumOddWordFraction` have a capital right after a small letter or letters run into
///   digits ("HanorosasAeKnapai", "IVIBaeMoMy", "0T"): `garbled-words` (an old OCR layer that read
///   Cyrillic as Latin look-alikes). Real text stays far below: under 0.15 on the corpus.
/// - fewer than `sparseCharacters` characters on a page that images cover at least
///   `scanCoverage` of: `mostly-image` (a scan with a page number, stamp or header added as
///   text: the text layer holds those few words, the image holds the page).
public struct TextLayerQuality: Equatable, Sendable {
    public static let minimumCharacters = 10
    public static let maximumBadFraction = 0.10
    public static let minimumAlphanumericFraction = 0.5
    public static let minimumWordsToJudge = 20
    public static let maximumOddWordFraction = 0.2
    public static let sparseCharacters = 200
    public static let scanCoverage = 0.8

    /// Non-space characters in the text layer.
    public var characters: Int
    public var usable: Bool
    /// Why the layer is not usable; nil when it is.
    public var reason: String?
    /// The share of the page that images cover, when it was measured.
    public var imageCoverage: Double?

    /// True when the verdict depends on how much of the page images cover: a usable layer this
    /// sparse could be a stamp on a scan. Measuring costs a pass over the page, so only then.
    public var wantsImageCoverage: Bool { usable && imageCoverage == nil && characters < Self.sparseCharacters }

    /// `missingFontData`: the PDF library could not read some of the page's fonts for want of its
    /// own encoding data, so their text is not in `text`.
    public init(text: String, imageCoverage: Double? = nil, missingFontData: Bool = false) {
        var count = 0, evidence = 0, bad = 0, alphanumeric = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            // ASCII without Unicode property look-ups: most text layers are mostly ASCII.
            if v < 0x80 {
                let b = UInt8(v)
                if b == 0x20 || (0x09...0x0D).contains(b) { continue }
                count += 1
                evidence += 1
                if b < 0x20 || b == 0x7F {
                    bad += 1
                } else if (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) {
                    alphanumeric += 1
                }
                continue
            }
            if scalar.properties.isWhitespace { continue }
            count += 1
            evidence += Self.evidence(of: v)
            if v == 0xFFFD || scalar.properties.generalCategory == .control
                || (0xE000...0xF8FF).contains(v) || v >= 0xF0000 {
                bad += 1
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                alphanumeric += 1
            }
        }
        characters = count
        if missingFontData {
            reason = "missing-font-data"
        } else if evidence < Self.minimumCharacters {
            reason = "too-few-characters"
        } else if Double(bad) > Double(count) * Self.maximumBadFraction {
            reason = "replacement-characters"
        } else if Double(alphanumeric) < Double(count) * Self.minimumAlphanumericFraction {
            reason = "mostly-symbols"
        } else if Self.oddWordFraction(text) > Self.maximumOddWordFraction {
            reason = "garbled-words"
        } else if let imageCoverage, count < Self.sparseCharacters, imageCoverage >= Self.scanCoverage {
            reason = "mostly-image"
        } else {
            reason = nil
        }
        usable = reason == nil
        self.imageCoverage = imageCoverage
    }

    /// How many Latin letters' worth of text one character (a non-ASCII scalar) is, for the
    /// too-few-characters rule, whose threshold is two or three short words of Latin script.
    /// A Chinese character spells a whole syllable and mostly a whole morpheme: a text runs to
    /// about a third as many characters in Chinese as in English, so a Han character weighs three.
    /// A kana or a Hangul syllable block spells one syllable, about two letters of a Latin
    /// alphabet: two. So "あいうえお 日本語" (five kana, three Han characters) is 19, a page of
    /// text, while a page number or a seal of one to three characters stays below 10.
    static func evidence(of v: UInt32) -> Int {
        switch v {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return 3   // Han
        case 0x3041...0x309F, 0x30A1...0x30FA, 0x31F0...0x31FF, 0xFF66...0xFF9D: return 2    // kana
        case 0xAC00...0xD7A3: return 2                                                          // Hangul
        default: return 1
        }
    }

    /// The share of words (three or more characters) that no writing system produces: a small
    /// letter followed by a capital, or letters and digits run together (ordinals aside).
    static func oddWordFraction(_ text: String) -> Double {
        // One pass over the scalars, ASCII without property look-ups: this runs on every page.
        enum Kind { case lower, upper, digit, otherLetter, space, other }
        func kind(_ scalar: Unicode.Scalar) -> Kind {
            let v = scalar.value
            if v < 0x80 {
                switch UInt8(v) {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): return .lower
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): return .upper
                case UInt8(ascii: "0")...UInt8(ascii: "9"): return .digit
                case 0x20, 0x09...0x0D: return .space
                default: return .other
                }
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
        return words >= minimumWordsToJudge ? Double(odd) / Double(words) : 0
    }

    public var json: JSONValue {
        var o = JSONObject([("chars", .int(characters)), ("usable", .bool(usable))])
        if let reason { o["reason"] = .string(reason) }
        if let imageCoverage { o["image_coverage"] = .double((imageCoverage * 100).rounded() / 100) }
        return .object(o)
    }
}
