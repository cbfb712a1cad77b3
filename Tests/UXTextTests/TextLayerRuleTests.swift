import Testing
@testable import UXText

/// Each rule on its own, and the order the verdict tries them in.
@Suite struct TextLayerRuleTests {
    func facts(_ text: String, coverage: Double? = nil, missing: Bool = false) -> TextLayerFacts {
        TextLayerFacts(text: text, imageCoverage: coverage, missingFontData: missing)
    }

    @Test func eachRuleFlagsWhatItsDocCommentSays() {
        let page = String(repeating: "Words of a real page of text. ", count: 10)
        #expect(MissingFontData().flags(facts(page, missing: true)) && !MissingFontData().flags(facts(page)))
        #expect(TooFewCharacters().flags(facts("Page 1234")) && !TooFewCharacters().flags(facts("あいうえお 日本語")))
        #expect(ReplacementCharacters().flags(facts(String(repeating: "\u{FFFD}", count: 5) + "abcdefghij")))
        #expect(!ReplacementCharacters().flags(facts(page)))
        #expect(MostlySymbols().flags(facts("!@#$%^&*()_+ ab")) && !MostlySymbols().flags(facts(page)))
        // A table of contents is its leaders' dots and its entries: a text layer to keep.
        let contents = String(repeating: "1.1 Security fundamentals" + String(repeating: " .", count: 40) + " 2\n", count: 20)
        #expect(!MostlySymbols().flags(facts(contents)))
        #expect(MostlySymbols().flags(facts(String(repeating: "!@#$ . ", count: 30) + "ab")))
        #expect(GarbledWords().flags(facts(String(repeating: "HanorosasAeKnapai IVIBaeMoMy KoA1152017 ", count: 8))))
        #expect(!GarbledWords().flags(facts(page)))
        #expect(MostlyImage().flags(facts("CONFIDENTIAL", coverage: 0.9)) && !MostlyImage().flags(facts("CONFIDENTIAL")))
        #expect(!MostlyImage().flags(facts(page, coverage: 1)))
    }

    @Test func theFirstRuleThatFlagsGivesTheReason() {
        #expect(TextLayerQuality.rules.map(\.reason) == [
            "missing-font-data", "too-few-characters", "replacement-characters", "mostly-symbols", "garbled-words", "mostly-image",
        ])
        // Empty and missing font data: both flag, the earlier rule speaks.
        #expect(TextLayerQuality(text: "", missingFontData: true).reason == "missing-font-data")
    }
}
