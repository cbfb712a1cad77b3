import Foundation
import Testing
import UnifexCore
@testable import UnifexTable
import UnifexTestSupport

/// A `|` in a cell's text is text: only a ruling OCR misread as a bar stuck to a word is not.
@Suite struct BarsInCellsTests {
    static let cells: [[String?]] = [
        ["Sign", "Pair", "Lead", "Tail"], ["|", "||", "|x", "x|"], ["a|b", "| |", "x | y", "7"],
    ]

    @Test func barsInTheTextLayerStayInTheirCells() throws {
        let dir = try Tools.scratch()
        let spec = TableSpec(widths: [80, 80, 80, 80], cells: Self.cells)
        let records = try tablesPipeline(try writeFixture([spec], in: dir))
        let tables = try #require(records.first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first.map(grid) == spec.grid)
    }

    @Test func barsOCRReadInsideCellsStay() throws {
        let dir = try Tools.scratch()
        // Cells OCR reads as printed ("||" comes out "[|", "a|b" "al|b"; a row of lone bars and
        // digits makes tesseract drop the rows under the header).
        let cells: [[String?]] = [["Sign", "Pair", "Lead", "Tail"], ["| 1", "| |", "|x", "x|"], ["Leeds", "York", "Bath", "Hull"]]
        var spec = TableSpec(widths: [110, 110, 110, 110], rowHeight: 30, cells: cells)
        spec.size = 14
        spec.filledRules = true
        let records = try tablesPipeline(try writeFixture([spec], asImage: true, in: dir), ocr: true)
        #expect(records.first?["text_source"]?.stringValue == "ocr")
        let tables = try #require(records.first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        let words = records.first?["words"]?.arrayValue?.compactMap { $0.objectValue?["text"]?.stringValue }
        #expect(tables.first.map(grid) == spec.grid, "OCR read \(words ?? []) in \(dir.path)")
    }

    /// The cell runs from x 100 to 200.
    static func kept(_ text: String, _ x0: Double, _ x1: Double, ocr: Bool = true) -> String? {
        RuledTables.withoutRulingBars(TableWord(text: text, box: Box(x0: x0, y0: 10, x1: x1, y1: 24), ocr: ocr),
                                      left: 100, right: 200)?.text
    }

    @Test func aBarOnTheRulingIsTheRuling() {
        // OCR's box reaches the ruling: the bar is its pixels.
        #expect(Self.kept("Name|", 104, 199.5) == "Name")
        #expect(Self.kept("]12", 99.6, 130) == "12")
        #expect(Self.kept("|", 99, 101) == nil)
        #expect(Self.kept("||", 198, 201) == nil)
        // Set with a margin, it is text.
        #expect(Self.kept("Name|", 104, 140) == "Name|")
        #expect(Self.kept("|x", 104, 112) == "|x")
        #expect(Self.kept("||", 104, 110) == "||")
        // A mark no taller than it is wide, read as a bar, is no bar.
        #expect(Self.kept("|", 140, 154) == nil)
        // A text layer's bar is always text.
        #expect(Self.kept("|", 99, 101, ocr: false) == "|")
        #expect(Self.kept("Name|", 104, 199.5, ocr: false) == "Name|")
    }
}

/// A cell's words in Chinese or Japanese join without spaces, as the script is set; OCR cuts such
/// a line into words where it likes.
@Suite struct UnspacedScriptCellTests {
    @Test func japaneseWordsOfACellJoinWithoutSpaces() {
        let words = ["株", "主", "資本", "合計"].enumerated().map { i, t in
            TableWord(text: t, box: Box(x0: 10 + 30 * Double(i), y0: 10, x1: 36 + 30 * Double(i), y1: 22), ocr: true)
        }
        #expect(cellText(words) == "株主資本合計")
        // Latin beside them keeps its space.
        let mixed = [TableWord(text: "ROE", box: Box(x0: 10, y0: 10, x1: 30, y1: 22)),
                     TableWord(text: "合計", box: Box(x0: 34, y0: 10, x1: 56, y1: 22))]
        #expect(cellText(mixed) == "ROE 合計")
    }

    /// OCR parts "5,664" at its comma, set wide in a Japanese font: the group after it joins
    /// again; a text layer's words, and words set a full figure apart, keep their space.
    @Test func aFigurePartedAtItsThousandsSeparatorJoinsAgain() {
        func words(_ texts: [String], gap: Double, ocr: Bool = true) -> [TableWord] {
            var x = 10.0
            return texts.map { t in
                defer { x += 3.2 * Double(t.count) + gap }
                return TableWord(text: t, box: Box(x0: x, y0: 10, x1: x + 3.2 * Double(t.count), y1: 16), ocr: ocr)
            }
        }
        #expect(cellText(words(["5,", "664"], gap: 2.3)) == "5,664")
        #expect(cellText(words(["12,", "017", "△747"], gap: 2.3)) == "12,017 △747")
        #expect(cellText(words(["1,", "269.5"], gap: 2.3)) == "1,269.5")
        #expect(cellText(words(["5,", "664"], gap: 2.3, ocr: false)) == "5, 664")
        #expect(cellText(words(["5,", "664"], gap: 4)) == "5, 664")
        #expect(cellText(words(["5,", "6640"], gap: 2.3)) == "5, 6640")
        #expect(cellText(words(["Leeds,", "664"], gap: 2.3)) == "Leeds, 664")
    }
}
