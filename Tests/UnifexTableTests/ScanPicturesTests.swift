import Foundation
import Testing
import UnifexCore
@testable import UnifexTable
import UnifexFixtures
import UnifexTestSupport

/// Pictures on scans: ink that is neither words nor rulings.
@Suite struct ScanPicturesTests {
    static let page = Box(x0: 0, y0: 0, x1: 612, y1: 792)

    /// A page's ink grid (2-point cells) with the given boxes inked.
    static func ink(_ boxes: [Box]) -> InkGrid {
        let cell = 2.0, columns = 306, rows = 396
        var inked = [Bool](repeating: false, count: columns * rows)
        for b in boxes {
            for r in Int(b.y0 / cell)...Int(min(b.y1 / cell, Double(rows - 1))) {
                for c in Int(b.x0 / cell)...Int(min(b.x1 / cell, Double(columns - 1))) { inked[r * columns + c] = true }
            }
        }
        return InkGrid(columns: columns, rows: rows, cell: cell, inked: inked)
    }

    /// Ten lines of a paragraph, each a word box wide, from `y` down.
    static func paragraph(y: Double) -> [Box] {
        (0..<10).map { Box(x0: 72, y0: y + Double($0) * 14, x1: 540, y1: y + Double($0) * 14 + 10) }
    }

    @Test func aPhotoBetweenParagraphsIsAPicture() {
        let text = Self.paragraph(y: 72) + Self.paragraph(y: 400)
        let photo = Box(x0: 150, y0: 230, x1: 400, y1: 380)
        let regions = ScanPictures.regions(ink: Self.ink(text + [photo]), words: text.map { ($0, 0.9) }, rulings: [], page: Self.page)
        #expect(regions.count == 1)
        #expect(regions.first.map { abs($0.x0 - 150) <= 3 && abs($0.y1 - 380) <= 3 } == true, "\(regions)")
    }

    @Test func textOCRDidNotReadIsNoPicture() {
        // Lines of ink a line high with blank rows between them, no words over them.
        let unread = Self.paragraph(y: 300)
        #expect(ScanPictures.regions(ink: Self.ink(unread), words: [], rulings: [], page: Self.page).isEmpty)
    }

    @Test func aRuledTableIsNoPicture() {
        var rules: [Box] = []
        for r in 0...5 { rules.append(Box(x0: 72, y0: 200 + Double(r) * 24, x1: 472, y1: 201 + Double(r) * 24)) }
        for c in 0...4 { rules.append(Box(x0: 72 + Double(c) * 100, y0: 200, x1: 73 + Double(c) * 100, y1: 320)) }
        let words = (0..<5).flatMap { r in (0..<4).map { c in
            Box(x0: 80 + Double(c) * 100, y0: 206 + Double(r) * 24, x1: 140 + Double(c) * 100, y1: 216 + Double(r) * 24) } }
        #expect(ScanPictures.regions(ink: Self.ink(rules + words), words: words.map { ($0, 0.9) }, rulings: rules, page: Self.page).isEmpty)
    }

    @Test func aBarChartsBarsAndTheGridJoiningThemAreOnePicture() {
        // Eight bars 14 points wide, 20 apart, standing on an axis, under three grid lines.
        let bars = (0..<8).map { i in Box(x0: 120 + Double(i) * 34, y0: 300 - Double(i % 3) * 30, x1: 134 + Double(i) * 34, y1: 400) }
        let grid = [Box(x0: 110, y0: 400, x1: 400, y1: 401), Box(x0: 110, y0: 350, x1: 400, y1: 351),
                    Box(x0: 110, y0: 300, x1: 400, y1: 301), Box(x0: 110, y0: 250, x1: 400, y1: 251)]
        let regions = ScanPictures.regions(ink: Self.ink(bars + grid), words: [], rulings: grid, page: Self.page)
        #expect(regions.count == 1)
        #expect(regions.first.map { $0.x0 <= 112 && $0.x1 >= 398 && $0.y0 <= 252 && $0.y1 >= 399 } == true, "\(regions)")
    }

    @Test func aBadGridGivesNothingAndNoTrap() {
        let bad = InkGrid(columns: 3, rows: 3, cell: .nan, inked: [Bool](repeating: true, count: 9))
        #expect(ScanPictures.regions(ink: bad, words: [], rulings: [], page: Self.page).isEmpty)
        let short = InkGrid(columns: 3, rows: 3, cell: 2, inked: [true])
        #expect(ScanPictures.regions(ink: short, words: [], rulings: [], page: Self.page).isEmpty)
    }

    /// A scanned page: a paragraph, a bar chart drawn in grey with its axis and tick labels, its
    /// caption, another paragraph. The chart is a figure with its caption; the text is all there.
    @Test func aChartOnAScanIsAFigureWithItsCaption() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = (0..<4).map { FixtureWriter.Line(x: 72, y: 100 + Double($0) * 16, size: 11, text: "The paragraph before the chart, line \($0) of it.") }
        lines += [FixtureWriter.Line(x: 80, y: 214, size: 8, text: "40"), FixtureWriter.Line(x: 80, y: 294, size: 8, text: "0")]
        lines.append(FixtureWriter.Line(x: 72, y: 330, size: 11, text: "Figure 1: Sales by region."))
        lines += (0..<4).map { FixtureWriter.Line(x: 72, y: 370 + Double($0) * 16, size: 11, text: "The paragraph after the chart, line \($0) of it.") }
        var page = FixtureWriter.Page(lines: lines, asImage: true)
        page.rules = [FixtureWriter.Rule(x0: 100, y0: 290, x1: 400, y1: 290, width: 1)]
            + (0..<6).map { i in FixtureWriter.Rule(x0: 120 + Double(i) * 45, y0: 210 + Double(i % 3) * 20, x1: 140 + Double(i) * 45, y1: 290,
                                                    filled: true, grey: 0.4) }
        let path = dir.appendingPathComponent("chart.pdf").path
        _ = try FixtureWriter.write([page], to: path)
        let laid = try Tools.shell("ux-split chart.pdf | ux-text | ux-ocr | ux-table | ux-layout", in: dir, timeout: 120)
        #expect(laid.status == 0, "\(laid.stderr)")
        let record = try #require(laid.records.first.map { PageRecord(object: $0) })
        #expect(record.drawings.count == 1, "\(record.drawings) \(record["tables"].map { String(describing: $0) } ?? "") \(record["text_source"].map { String(describing: $0) } ?? "") \(record["lines"]?.arrayValue?.count ?? -1)")
        let blocks = try #require(record.blocks)
        let figure = try #require(blocks.firstIndex { $0.kind == .figure }, "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks[figure].caption.map { blocks[$0].text.hasPrefix("Figure 1") } == true)
        let md = try Tools.shell("ux-merge --format markdown", stdin: laid.stdout, in: dir, timeout: 60)
        #expect(md.text.contains("<!-- image -->\n\nFigure 1: Sales by region."), "\(md.text)")
        for line in 0..<4 {
            #expect(md.text.contains("before the chart, line \(line)") && md.text.contains("after the chart, line \(line)"), "\(md.text)")
        }
    }
}
