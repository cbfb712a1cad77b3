import Testing
@testable import UXText

@Suite struct TextLayerQualityTests {
    @Test func goodText() {
        let q = TextLayerQuality(text: "The quick brown fox jumps over the lazy dog.")
        #expect(q.usable)
        #expect(q.characters == 36)
    }

    @Test func nonLatinScriptsCountAsLetters() {
        #expect(TextLayerQuality(text: "关于浙江菲达环保科技股份有限公司年度报告").usable)
        #expect(TextLayerQuality(text: "מסמך בעברית עם מספרים 123").usable)
    }

    @Test func verdicts() {
        #expect(TextLayerQuality(text: "").reason == "too-few-characters")
        #expect(TextLayerQuality(text: "\"7+%-").reason == "too-few-characters")
        #expect(TextLayerQuality(text: String(repeating: "\u{FFFD}", count: 20) + "abc").reason == "replacement-characters")
        #expect(TextLayerQuality(text: String(repeating: "\u{E001}x", count: 10)).reason == "replacement-characters")
        #expect(TextLayerQuality(text: "!@#$%^&*()_+{}|:<>?~ ab").reason == "mostly-symbols")
    }

    @Test func aChineseOrJapaneseCharacterIsWorthMoreThanALatinLetter() {
        // The first page of the corpus's vertical Japanese PDF: eight characters, a page of text.
        let japanese = TextLayerQuality(text: "あいうえお\n日本語\n")
        #expect(japanese.usable, "\(japanese)")
        #expect(japanese.characters == 8, "chars still counts characters")
        #expect(TextLayerQuality(text: "한국어 문서입니다").usable)
        // Near-empty pages still go to OCR: a page number, a seal, a heading of two syllables.
        #expect(TextLayerQuality(text: "日本語").reason == "too-few-characters")
        #expect(TextLayerQuality(text: "第3頁").reason == "too-few-characters")
        #expect(TextLayerQuality(text: "목차").reason == "too-few-characters")
        #expect(TextLayerQuality(text: "あいうえ").reason == "too-few-characters")
        #expect(TextLayerQuality(text: "Page 1234").reason == "too-few-characters")
    }

    @Test func fontsThePDFLibraryCouldNotReadMakeTheLayerUnusableWhateverElseItHolds() {
        let page = String(repeating: "Words of a real page of text. ", count: 10)
        let missing = TextLayerQuality(text: page, missingFontData: true)
        #expect(missing.reason == "missing-font-data" && !missing.usable)
        #expect(!missing.wantsImageCoverage)
        #expect(TextLayerQuality(text: "", missingFontData: true).reason == "missing-font-data")
    }

    @Test func aFewWordsOnAScanAreNotTheTextOfThePage() {
        let stamp = "CONFIDENTIAL ABC-000123"
        let sparse = TextLayerQuality(text: stamp)
        #expect(sparse.usable && sparse.wantsImageCoverage)
        let scanned = TextLayerQuality(text: stamp, imageCoverage: 0.97)
        #expect(scanned.reason == "mostly-image")
        #expect(!scanned.wantsImageCoverage)
        #expect(scanned.json.objectValue?["image_coverage"]?.doubleValue == 0.97)
        // A figure with a caption on a born-digital page keeps its text layer.
        #expect(TextLayerQuality(text: stamp, imageCoverage: 0.52).usable)
        // A full page of text over a background image is the page's text.
        let page = String(repeating: "Words of a real page of text. ", count: 10)
        #expect(!TextLayerQuality(text: page).wantsImageCoverage)
        #expect(TextLayerQuality(text: page, imageCoverage: 1).usable)
    }

    @Test func latinLookAlikesForCyrillicAreGarbled() {
        let garbled = "Hanorosas tAeKnapai IVIs tno Hanory ynnalIVIBaeMoMy B CBS'I3VI C npVIMeHeHVIeMynpo HoMep "
            + "KoppeKn1pOBKH npe ICT8BflH8TCH H8norosbiH nepHOA KoA H8nOrOBbiH opr8H KOA 0T Cl>opMa KHA1152017 "
        #expect(TextLayerQuality(text: garbled).reason == "garbled-words")
        let english = "On the 22nd of May 1990 the 3rd committee of the McDonald foundation met in the iPhone era "
            + "to discuss the 1990s budget and its 4th revision with twenty members present and voting today"
        #expect(TextLayerQuality(text: english).usable)
    }
}
