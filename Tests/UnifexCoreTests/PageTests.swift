import Testing
@testable import UnifexCore

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

    /// Words and lines are written straight from their spans: the text must be what printing
    /// them as JSON values writes, in every corner of the number and string formats.
    @Test func wordsAndLinesAreWrittenAsTheirValuesPrint() {
        let unit = Box(x0: 1, y0: 2, x1: 3, y1: 4)
        let words = [
            TextSpan(text: "say \"hi\"\\\n\t\u{01}é", box: Box(x0: -0.004, y0: 12.346, x1: 1e14, y1: .nan)),
            TextSpan(text: "ok", box: Box(x0: 0.1, y0: 2.5, x1: -3.25, y1: .infinity), confidence: 0.9567),
            TextSpan(text: "", box: Box(x0: 0, y0: 0, x1: 0, y1: 0), confidence: 1),
            TextSpan(text: "x", box: unit, confidence: .nan),
        ]
        let lines = [
            TextSpan(text: "a b", box: unit, font: FontStyle(size: 9.96, bold: true, italic: true, mono: true)),
            TextSpan(text: "c", box: unit, font: FontStyle(size: 10.5)),
            TextSpan(text: "d", box: unit, font: FontStyle(size: 2e6, mono: true)),
            TextSpan(text: "e", box: unit, font: FontStyle(size: .nan, italic: true)),
            TextSpan(text: "f", box: unit, confidence: 0.05, font: FontStyle(size: 0.004)),
            TextSpan(text: "g", box: unit, font: FontStyle(size: 9.999, bold: true)),
            TextSpan(text: "h", box: unit, font: FontStyle(size: -1)),
        ]
        var record = PageRecord(doc: "a.pdf", source: "pdf", page: 1, pageCount: 1, selected: 1)
        PageText(text: "t", words: words, lines: lines).apply(to: &record)
        let expected = #"{"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok","text":"t","#
            + #""words":[{"text":"say \"hi\"\\\n\t\u0001é","box":[0,12.35,"# + String(1e14) + #",0]},"#
            + #"{"text":"ok","box":[0.1,2.5,-3.25,0],"conf":0.957},{"text":"","box":[0,0,0,0],"conf":1},"#
            + #"{"text":"x","box":[1,2,3,4],"conf":0}],"#
            + #""lines":[{"text":"a b","box":[1,2,3,4],"font":{"size":9.96,"bold":true,"italic":true,"mono":true}},"#
            + #"{"text":"c","box":[1,2,3,4],"font":{"size":10.5}},{"text":"d","box":[1,2,3,4],"font":{"size":0,"mono":true}},"#
            + #"{"text":"e","box":[1,2,3,4],"font":{"size":0,"italic":true}},"#
            + #"{"text":"f","box":[1,2,3,4],"conf":0.05,"font":{"size":0}},{"text":"g","box":[1,2,3,4],"font":{"size":10,"bold":true}},"#
            + #"{"text":"h","box":[1,2,3,4],"font":{"size":0}}]}"#
        #expect(record.serialized() == expected)
    }

    /// Written words read back like parsed ones: through the accessors, `==`, and secret redaction.
    @Test func writtenWordsReadLikeValues() throws {
        var record = PageRecord(doc: "a.pdf", source: "pdf", page: 1, pageCount: 1, selected: 1)
        let word = TextSpan(text: "sk-secret-token", box: box(1, 2))
        PageText(text: "sk-secret-token", words: [word], lines: []).apply(to: &record)
        let parsed = try JSONValue.parse(record["words"]!.serialized())
        #expect(record["words"] == parsed && parsed == record["words"])
        #expect(record["words"] != .array([]))
        #expect(record["words"]?.arrayValue?.first?.objectValue?["text"]?.stringValue == "sk-secret-token")
        #expect(PageText(record: record)?.words == [word])
        #expect(record.object == (try PageRecord.decode(Array(record.serialized().utf8))).object)
        let redacted = SecretRedactor(["sk-secret-token"])(record["words"]!)
        #expect(redacted.serialized() == #"[{"text":"***","box":[1,2,6,12]}]"#)
    }

    @Test func overlap() {
        let a = Box(x0: 0, y0: 0, x1: 10, y1: 10)
        #expect(a.overlapRatio(Box(x0: 5, y0: 0, x1: 15, y1: 10)) == 0.5)
        #expect(a.overlapRatio(Box(x0: 20, y0: 20, x1: 30, y1: 30)) == 0)
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

