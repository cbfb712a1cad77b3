import Testing
@testable import UnifexLayout
import UnifexCore

/// OCR lines keep tesseract's own text, with its word spaces, whether whole or cut at a gutter.
@Suite struct OCRLinesTests {
    static func words(_ texts: [String], from x: Double, gap: Double) -> [TextSpan] {
        var left = x
        return texts.map { text in
            let width = Double(text.count) * 6
            defer { left += width + gap }
            return TextSpan(text: text, box: Box(x0: left, y0: 100, x1: left + width, y1: 112))
        }
    }

    @Test func aKoreanLineKeepsItsTextWhoseSyllablesComeAsWords() {
        // Tesseract gives 코, 로, 나 as words of their own and "코로나-19" as the line's text.
        let words = Self.words(["코", "로", "나", "-19", "관련"], from: 50, gap: 0.5)
        let line = TextSpan(text: "코로나-19 관련", box: Box(x0: 48, y0: 98, x1: 200, y1: 114))
        let out = OCRLines.split([line], words: words)
        #expect(out.map(\.span.text) == ["코로나-19 관련"])
        // The box is the words', tighter than the line's.
        #expect(out.first?.span.box.x0 == 50)
    }

    @Test func aLineCutAtAGutterKeepsEachSidesOwnSpacing() {
        let left = Self.words(["코", "로", "나"], from: 50, gap: 0.5)
        let right = Self.words(["Section", "2"], from: 300, gap: 4)
        let line = TextSpan(text: "코로나 Section 2", box: Box(x0: 50, y0: 100, x1: 360, y1: 112))
        #expect(OCRLines.split([line], words: left + right).map(\.span.text) == ["코로나", "Section 2"])
        // Words not found in the line's text in turn: the words joined by spaces.
        let odd = TextSpan(text: "something else", box: line.box)
        #expect(OCRLines.split([odd], words: left + right).map(\.span.text) == ["코 로 나", "Section 2"])
    }

    @Test func aWordWithNoPlaceDoesNotKeepTheLinesAfterItFromTheirWords() {
        // A hostile record: the first line's word has no finite box. The next line still finds
        // its words, and is cut at its gutter.
        let lost = TextSpan(text: "x", box: Box(x0: .nan, y0: .nan, x1: .nan, y1: .nan))
        let first = TextSpan(text: "x", box: Box(x0: 50, y0: 60, x1: 60, y1: 72))
        let right = Self.words(["Section", "2"], from: 300, gap: 4)
        let line = TextSpan(text: "Intro Section 2", box: Box(x0: 50, y0: 100, x1: 360, y1: 112))
        let out = OCRLines.split([first, line], words: [lost] + Self.words(["Intro"], from: 50, gap: 4) + right)
        #expect(out.map(\.span.text) == ["x", "Intro", "Section 2"])
        #expect(out.first?.words.map(\.text) == ["x"])
    }
}
