import Foundation

/// Decides whether a page's PDF text layer is good enough to use instead of OCR.
///
/// The rule (documented in README, "Text-layer quality"):
/// - fewer than `minimumCharacters` non-space characters: `too-few-characters`
///   (image-only pages have none);
/// - more than `maximumBadFraction` of them are replacement characters (U+FFFD),
///   control characters or private-use code points: `replacement-characters`
///   (fonts without a Unicode map extract as these);
/// - fewer than `minimumAlphanumericFraction` of them are letters or digits in any script:
///   `mostly-symbols` (unmapped glyph codes often decode to punctuation);
/// - of at least `minimumWordsToJudge` words of three or more characters, more than
///   `maximumOddWordFraction` have a capital right after a small letter or letters run into
///   digits ("HanorosasAeKnapai", "IVIBaeMoMy", "0T"): `garbled-words` (an old OCR layer that read
///   Cyrillic as Latin look-alikes). Real text stays far below: under 0.15 on the corpus.
public struct TextLayerQuality: Equatable, Sendable {
    public static let minimumCharacters = 10
    public static let maximumBadFraction = 0.10
    public static let minimumAlphanumericFraction = 0.5
    public static let minimumWordsToJudge = 20
    public static let maximumOddWordFraction = 0.2

    /// Non-space characters in the text layer.
    public var characters: Int
    public var usable: Bool
    /// Why the layer is not usable; nil when it is.
    public var reason: String?

    public init(text: String) {
        var count = 0, bad = 0, alphanumeric = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            // ASCII without Unicode property look-ups: most text layers are mostly ASCII.
            if v < 0x80 {
                let b = UInt8(v)
                if b == 0x20 || (0x09...0x0D).contains(b) { continue }
                count += 1
                if b < 0x20 || b == 0x7F {
                    bad += 1
                } else if (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) {
                    alphanumeric += 1
                }
                continue
            }
            if scalar.properties.isWhitespace { continue }
            count += 1
            if v == 0xFFFD || scalar.properties.generalCategory == .control
                || (0xE000...0xF8FF).contains(v) || v >= 0xF0000 {
                bad += 1
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                alphanumeric += 1
            }
        }
        characters = count
        if count < Self.minimumCharacters {
            reason = "too-few-characters"
        } else if Double(bad) > Double(count) * Self.maximumBadFraction {
            reason = "replacement-characters"
        } else if Double(alphanumeric) < Double(count) * Self.minimumAlphanumericFraction {
            reason = "mostly-symbols"
        } else if Self.oddWordFraction(text) > Self.maximumOddWordFraction {
            reason = "garbled-words"
        } else {
            reason = nil
        }
        usable = reason == nil
    }

    /// The share of words (three or more characters) that no writing system produces: a small
    /// letter followed by a capital, or letters and digits run together (ordinals aside).
    static func oddWordFraction(_ text: String) -> Double {
        var words = 0, odd = 0
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            let core = word.trimmingCharacters(in: CharacterSet.punctuationCharacters)
            guard core.count >= 3 else { continue }
            words += 1
            var previous: Character? = nil
            var strange = false
            var digits = 0, letters = 0
            for c in core {
                if c.isNumber { digits += 1 } else if c.isLetter { letters += 1 }
                if let p = previous {
                    if p.isLowercase && c.isUppercase { strange = true }
                    // Only for scripts with case: Chinese and Japanese run digits into words ("2017年").
                    let pCased = p.isUppercase || p.isLowercase, cCased = c.isUppercase || c.isLowercase
                    if (pCased && c.isNumber) || (p.isNumber && cCased) { strange = true }
                }
                previous = c
            }
            // 1st, 22nd, 1990s, 4th: digits then a short suffix are ordinary.
            if strange, digits > 0, letters <= 2, core.first?.isNumber == true, !core.contains(where: \.isUppercase) { strange = false }
            if strange { odd += 1 }
        }
        return words >= minimumWordsToJudge ? Double(odd) / Double(words) : 0
    }

    public var json: JSONValue {
        var o = JSONObject([("chars", .int(characters)), ("usable", .bool(usable))])
        if let reason { o["reason"] = .string(reason) }
        return .object(o)
    }
}
