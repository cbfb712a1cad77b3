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

    /// On a scan OCR reads the words of two cells and the rule between them as one word
    /// ("55110|retired"): the rule cuts it at the bar, which goes; one it read without a bar is
    /// cut where letters turn to digits, as a text layer's clipped word is.
    @Test func anOCRWordAcrossARuleIsCutThere() {
        let xs = [72.0, 150, 230, 320], top = 100.0, pitch = 20.0
        // (row, text, x0): 5 pt a character; the joined words reach across the rule at 150, a
        // bar read on it (its middle at 150) or the first cell's text ending at it.
        let placed: [(Int, String, Double)] = [
            (0, "Zip", 76), (0, "Job", 154), (0, "City", 234),
            (1, "55110|retired", 150 - 27.5), (1, "Mahtomedi", 234),
            (2, "Patricia}948", 150 - 42.5), (2, "Saint", 234), (2, "Paul", 264),
            (3, "Patriciq812", 150 - 40), (3, "Hudson", 234),
            (4, "55104", 76), (4, "asst", 154), (4, "principal", 179), (4, "Shoreview", 234),
        ]
        let words = placed.map { r, text, x0 in
            let y0 = top + Double(r) * pitch + 5
            return TableWord(text: text, box: Box(x0: x0, y0: y0, x1: x0 + 5 * Double(text.count), y1: y0 + 10), ocr: true)
        }
        let rowCount = 5
        let bottom = top + Double(rowCount) * pitch
        let rulings = (0...rowCount).map { Ruling(.horizontal, at: top + Double($0) * pitch, from: xs[0], to: xs[3]) }
            + xs.map { Ruling(.vertical, at: $0, from: top, to: bottom) }
        let tables = TableDetector.tables(words: words, rulings: rulings, options: TableOptions())
        let table = try? #require(tables.first)
        let text = { (r: Int, c: Int) in table?.cells.first { $0.row == r && $0.col == c }?.text }
        #expect(text(1, 0) == "55110" && text(1, 1) == "retired")
        #expect(text(2, 0) == "Patricia" && text(2, 1) == "948")
        #expect(text(3, 0) == "Patriciq" && text(3, 1) == "812")
        #expect(text(4, 0) == "55104" && text(4, 1) == "asst principal")
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

/// Dot leaders on a scan, as OCR reads them: dots run on into zeros, and dots read as small round
/// letters.
@Suite struct ReadLeaderTests {
    @Test func whatOCRReadOfALeaderIsNoText() {
        // (row, text, x0): 5 pt a character, the figures in two columns at 250 and 330.
        let placed: [(Int, String, Double)] = [
            (0, "Robbery............00...00000", 72), (0, "100,496", 250), (0, "43,039", 330),
            (1, "Burglary", 72), (1, "eee", 120), (1, "e", 137), (1, "eee", 144), (1, "234,551", 250), (1, "155,994", 330),
            (2, "Gambling...", 72), (2, "0.", 150), (2, "cc", 162), (2, "eee", 175), (2, "8,046", 250), (2, "2,290", 330),
            (3, "Fraud", 72), (3, "and", 102), (3, "arson...", 124), (3, "0", 250), (3, "12", 330),
            (4, "Vandalism", 72), (4, "212,173", 250), (4, "157,723", 330),
        ]
        let words = placed.map { (r: Int, text: String, x0: Double) -> TableWord in
            let y0 = 100 + 14 * Double(r)
            return TableWord(text: text, box: Box(x0: x0, y0: y0, x1: x0 + 5 * Double(text.count), y1: y0 + 10), ocr: true)
        }
        let tables = TableDetector.tables(words: words, rulings: [], options: TableOptions())
        #expect(tables.count == 1)
        func text(_ t: Table, _ r: Int, _ c: Int) -> String { t.cells.first { $0.row == r && $0.col == c }?.text ?? "" }
        let rows: [[String]]? = tables.first.map { t in (0..<t.rows).map { r in (0..<t.cols).map { c in text(t, r, c) } } }
        #expect(rows == [["Robbery", "100,496", "43,039"], ["Burglary", "234,551", "155,994"], ["Gambling", "8,046", "2,290"],
                         ["Fraud and arson", "0", "12"], ["Vandalism", "212,173", "157,723"]])
    }
}
