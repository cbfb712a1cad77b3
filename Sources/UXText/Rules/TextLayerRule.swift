/// One reason a page's text layer is not good enough to use instead of OCR.
///
/// Each rule is its own type in its own file, with its threshold and the doc comment saying
/// what it flags; `TextLayerQuality.rules` holds them in the order they are tried (the first
/// that flags a page gives its `text_layer.reason`). A new rule is one new file and one line there.
protocol TextLayerRule: Sendable {
    /// The `text_layer.reason` written when this rule flags a page.
    var reason: String { get }
    /// True when the rule finds the layer unusable.
    func flags(_ layer: TextLayerFacts) -> Bool
}

/// What the rules look at: counts made in one pass over the layer's text, the text itself for
/// rules that need more, and what else is known of the page.
struct TextLayerFacts: Sendable {
    var text: String
    /// Non-space characters.
    var characters = 0
    /// Non-space characters counted in Latin letters' worth (`TooFewCharacters.evidence(of:)`).
    var evidence = 0
    /// Replacement, control and private-use characters.
    var bad = 0
    /// Letters and digits in any script.
    var alphanumeric = 0
    /// Dots in leaders, runs of three or more (`. . . . 12`, `......`), as a table of contents has.
    var leaders = 0
    /// The share of the page that images cover, when it was measured.
    var imageCoverage: Double?
    /// The PDF library lacked the encoding data some of the page's fonts need.
    var missingFontData: Bool

    init(text: String, imageCoverage: Double?, missingFontData: Bool) {
        self.text = text
        self.imageCoverage = imageCoverage
        self.missingFontData = missingFontData
        var dots = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            // A run of dots, single spaces allowed between them, is a leader from three dots on.
            if v == 0x2E || v == 0x2026 || v == 0xB7 {
                dots += 1
            } else if v != 0x20 {
                if dots >= 3 { leaders += dots }
                dots = 0
            }
            // ASCII without Unicode property look-ups: most text layers are mostly ASCII.
            if v < 0x80 {
                let b = UInt8(v)
                if b == 0x20 || (0x09...0x0D).contains(b) { continue }
                characters += 1
                evidence += 1
                if b < 0x20 || b == 0x7F {
                    bad += 1
                } else if (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) {
                    alphanumeric += 1
                }
                continue
            }
            if scalar.properties.isWhitespace { continue }
            characters += 1
            evidence += TooFewCharacters.evidence(of: v)
            if v == 0xFFFD || scalar.properties.generalCategory == .control
                || (0xE000...0xF8FF).contains(v) || v >= 0xF0000 {
                bad += 1
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                alphanumeric += 1
            }
        }
        if dots >= 3 { leaders += dots }
    }
}
