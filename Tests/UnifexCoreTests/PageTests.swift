import Testing
@testable import UnifexCore

@Suite struct PageRangesTests {
    @Test func selections() throws {
        #expect(try PageRanges("1-3,7,9-end").pages(of: 10) == [1, 2, 3, 7, 9, 10])
        #expect(try PageRanges("end").pages(of: 4) == [4])
        #expect(try PageRanges("3-z").pages(of: 4) == [3, 4])
        #expect(try PageRanges("2,2,1-2").pages(of: 4) == [2, 1])
        #expect(try PageRanges("5-9").pages(of: 3) == [])
        #expect(try PageRanges(" 2 - 3 ").pages(of: 5) == [2, 3])
    }

    @Test(arguments: ["", "0", "3-1", "end-1", "z-2", "a", "1,,2", "-", "1-x", "-5"])
    func invalid(_ spec: String) {
        #expect(throws: RecordError.self) { try PageRanges(spec) }
    }
}

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

@Suite struct PageTextTests {
    func box(_ x: Double, _ y: Double) -> Box { Box(x0: x, y0: y, x1: x + 5, y1: y + 10) }

    @Test func wordsAndLinesFromCharacterBoxes() {
        let text = "ab cd\nef"
        let boxes: [Box?] = [box(0, 0), box(5, 0), box(10, 0), box(15, 0), box(20, 0), box(25, 0), box(0, 20), box(5, 20)]
        let page = PageText.assemble(text: text, characterBoxes: boxes)
        #expect(page.words.map(\.text) == ["ab", "cd", "ef"])
        #expect(page.words[0].box == Box(x0: 0, y0: 0, x1: 10, y1: 10))
        #expect(page.words[1].box == Box(x0: 15, y0: 0, x1: 25, y1: 10))
        #expect(page.lines.map(\.text) == ["ab cd", "ef"])
        #expect(page.lines[0].box == Box(x0: 0, y0: 0, x1: 25, y1: 10))
        #expect(page.lines[1].box == Box(x0: 0, y0: 20, x1: 10, y1: 30))
    }

    @Test func combiningMarksUseEveryScalarsBox() {
        // "é" as e + U+0301: two scalars, two boxes, one character.
        let text = "e\u{301}x"
        let page = PageText.assemble(text: text, characterBoxes: [box(0, 0), box(1, 0), box(10, 0)])
        #expect(page.words.count == 1)
        #expect(page.words[0].box == Box(x0: 0, y0: 0, x1: 15, y1: 10))
    }

    @Test func missingBoxesDoNotCrash() {
        let page = PageText.assemble(text: "abc def", characterBoxes: [box(0, 0)])
        #expect(page.words.map(\.text) == ["abc"])
        #expect(page.text == "abc def")
    }

    @Test func recordRoundTrip() {
        var record = PageRecord(doc: "a.pdf", source: "pdf", page: 1, pageCount: 1, selected: 1)
        let page = PageText(text: "hi", words: [TextSpan(text: "hi", box: box(1, 2), confidence: 0.9567)], lines: [])
        page.apply(to: &record)
        #expect(record.serialized().contains(#"{"text":"hi","box":[1,2,6,12],"conf":0.957}"#))
        #expect(PageText(record: record)?.words.first?.confidence == 0.957)
    }

    @Test func overlap() {
        let a = Box(x0: 0, y0: 0, x1: 10, y1: 10)
        #expect(a.overlapRatio(Box(x0: 5, y0: 0, x1: 15, y1: 10)) == 0.5)
        #expect(a.overlapRatio(Box(x0: 20, y0: 20, x1: 30, y1: 30)) == 0)
    }
}

@Suite struct OutputNamesTests {
    @Test func differentDocumentsNeverShareAFile() {
        var names = OutputNames()
        let first = OutputLayout.fileName(for: "../x/a.pdf", format: "json")
        let second = OutputLayout.fileName(for: "x/a.pdf", format: "json")
        #expect(first == second)
        #expect(names.claim(first, for: "../x/a.pdf") == "x/a.pdf.json")
        #expect(names.claim(second, for: "x/a.pdf") == "x/a.pdf~2.json")
        #expect(names.claim(OutputLayout.fileName(for: "/x/a.pdf", format: "json"), for: "/x/a.pdf") == "x/a.pdf~3.json")
        // The same document again keeps its file.
        #expect(names.claim(first, for: "../x/a.pdf") == "x/a.pdf.json")
        #expect(names.claim("x/a.pdf~2.json", for: "x/a.pdf") == "x/a.pdf~2.json")
        #expect(OutputNames.numbered("dir.v2/README", 2) == "dir.v2/README~2")
    }
}

@Suite struct SaturatingIntegerTests {
    @Test func neverTraps() {
        #expect(Int(saturating: 2.5) == 3)
        #expect(Int(saturating: -2.5) == -3)
        #expect(Int(saturating: 2.7, rounding: .down) == 2)
        #expect(Int(saturating: .nan) == 0)
        #expect(Int(saturating: .infinity) == .max)
        #expect(Int(saturating: -.infinity) == .min)
        #expect(Int(saturating: 1e20) == .max)
        #expect(Int(saturating: -1e20) == .min)
        #expect(Int(saturating: 9_223_372_036_854_775_808.0) == .max)
        #expect(Int(saturating: -9_223_372_036_854_775_808.0) == .min)
        #expect(Int(saturating: 9_223_372_036_854_774_784.0) == 9_223_372_036_854_774_784)
        #expect(Int(saturating: -0.0) == 0)
        #expect(Int(saturating: 1e-320) == 0)
    }
}

@Suite struct UnitConversionTests {
    @Test func anInfiniteResolutionFallsBackToTheGivenOne() throws {
        let line = #"{"v":1,"type":"page","doc":"a.pdf","page":1,"status":"ok","width":612,"height":792,"text_source":"ocr","ocr":{"dpi":1e400},"dpi":1e400,"words":[{"text":"a","box":[72,72,144,144]}]}"#
        let record = try PageRecord.decode(Array(line.utf8))
        let px = record.converting(to: .px, fallbackDPI: 144)
        #expect(px["unit_dpi"]?.doubleValue == 144)
        #expect(Box(px["words"]?.arrayValue?.first?.objectValue?["box"]) == Box(x0: 144, y0: 144, x1: 288, y1: 288))
        let huge = try PageRecord.decode(Array(#"{"doc":"a.pdf","page":1,"width":1e400,"height":792}"#.utf8))
        #expect(huge.converting(to: .norm) == huge)
    }
}
