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

