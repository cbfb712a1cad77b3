/// Flags a page with fewer than `minimum` non-space characters, counted in Latin letters' worth
/// (`evidence(of:)`: a Chinese character weighs three, a kana or Hangul syllable two):
/// image-only pages have none, a page number or a seal a few.
struct TooFewCharacters: TextLayerRule {
    static let minimum = 10
    var reason: String { "too-few-characters" }
    func flags(_ layer: TextLayerFacts) -> Bool { layer.evidence < Self.minimum }

    /// How many Latin letters' worth of text one character (a non-ASCII scalar) is, for the
    /// rule, whose threshold is two or three short words of Latin script.
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
}
