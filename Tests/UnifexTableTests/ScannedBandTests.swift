import Foundation
import Testing
import UnifexCore
@testable import UnifexTable
import UnifexFixtures
import UnifexTestSupport

/// What scans do to a ruled table that a text layer does not: a filled header band is one piece
/// of pixels with the lines that touch it, and OCR's word boxes on tightly set lines overlap.
@Suite struct ScannedBandTests {
    static let cells: [[String?]] = [
        ["City", "People", "Area"], ["Leeds", "812000", "552"], ["York", "202800", "272"], ["Bath", "94782", "29"],
    ]

    /// The header row is filled in dark grey under the table's black rules: in the image the band
    /// and every rule that touches it are one dark piece, and the rules between the header's cells
    /// lie on the band. (Its text, light on dark, the fixture cannot set: the header is empty.)
    @Test func aRuledTableUnderAFilledHeaderBandOnAScanComesOutAsItsGrid() throws {
        let dir = try Tools.scratch()
        var cells = Self.cells
        cells[0] = [nil, nil, nil]
        var spec = TableSpec(widths: [140, 110, 90], rowHeight: 30, cells: cells)
        spec.size = 14
        let band = FixtureWriter.Rule(x0: spec.x, y0: spec.y, x1: spec.edges.last!, y1: spec.y + spec.rowHeight,
                                      filled: true, grey: 0.3)
        var page = FixtureWriter.Page(lines: spec.lines, asImage: true)
        page.rules = [band] + spec.rules
        let path = dir.appendingPathComponent("band.pdf").path
        _ = try FixtureWriter.write([page], to: path)
        let records = try tablesPipeline(path, ocr: true)
        let tables = try #require(records.first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first?.objectValue?["kind"]?.stringValue == "ruled")
        #expect(tables.first.map(grid) == spec.grid)
        let header = tables.first?.objectValue?["cells"]?.arrayValue?.compactMap(\.objectValue).filter { $0["row"]?.intValue == 0 }
        #expect(header?.map { $0["colspan"]?.intValue ?? 1 } == [1, 1, 1])
    }

    /// A shaded header row of one short line under a shaded title row, its column rules drawn
    /// across its shade only: in the image the two rows are one filled area, and each rule is
    /// shorter there than a rule is long, but it meets the column's rule under the area, so it
    /// parts the header's cells.
    @Test func rulesAcrossAShortHeaderBandOnAScanPartItsCells() throws {
        let dir = try Tools.scratch()
        let title = 16.0, band = 11.0
        var spec = TableSpec(widths: [140, 110, 90], rowHeight: 30, cells: Array(Self.cells.dropFirst()))
        spec.y = 100 + title + band
        spec.size = 14
        let e = spec.edges
        var page = FixtureWriter.Page(lines: spec.lines, asImage: true)
        page.rules = [FixtureWriter.Rule(x0: e[0], y0: 100, x1: e[3], y1: 100 + title, filled: true, grey: 0.5),
                      FixtureWriter.Rule(x0: e[0], y0: 100 + title, x1: e[3], y1: spec.y, filled: true, grey: 0.75),
                      FixtureWriter.Rule(x0: e[0], y0: 100, x1: e[3], y1: 100),
                      FixtureWriter.Rule(x0: e[0], y0: 100 + title, x1: e[3], y1: 100 + title),
                      FixtureWriter.Rule(x0: e[0], y0: 100, x1: e[0], y1: spec.y), FixtureWriter.Rule(x0: e[3], y0: 100, x1: e[3], y1: spec.y)]
            + e.dropFirst().dropLast().map { FixtureWriter.Rule(x0: $0, y0: 100 + title, x1: $0, y1: spec.y) } + spec.rules
        let path = dir.appendingPathComponent("short-band.pdf").path
        _ = try FixtureWriter.write([page], to: path)
        let tables = try #require(try tablesPipeline(path, ocr: true).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first.map(grid) == [["", "", ""], ["", "", ""]] + spec.grid)
        let cells = tables.first?.objectValue?["cells"]?.arrayValue?.compactMap(\.objectValue) ?? []
        #expect(cells.filter { $0["row"]?.intValue == 0 }.map { $0["colspan"]?.intValue ?? 1 } == [3])
        #expect(cells.filter { $0["row"]?.intValue == 1 }.map { $0["colspan"]?.intValue ?? 1 } == [1, 1, 1])
    }

    /// A header band whose first cell is full of light text, three lines of it: the letters break
    /// the band into strips between its lines one way and into its margins the other, and the dark
    /// between letters set one above another runs down like a rule. The band is still one fill,
    /// and what lies between its letters no rule.
    @Test func aHeaderBandFullOfLightLettersOnAScanIsOneFillWithoutRulesInside() throws {
        let dir = try Tools.scratch()
        var cells = Self.cells
        cells[0] = [nil, nil, nil]
        var spec = TableSpec(widths: [140, 110, 90], rowHeight: 48, cells: cells)
        spec.size = 14
        // Each header cell is filled apart, a thin gap of paper around it.
        let e = spec.edges
        var page = FixtureWriter.Page(lines: spec.lines, asImage: true)
        page.rules = (0..<spec.cols).map { c in
            FixtureWriter.Rule(x0: e[c] + 1, y0: spec.y + 1, x1: e[c + 1] - 1, y1: spec.y + spec.rowHeight - 1, filled: true, grey: 0.3)
        }
        // The first cell's letters: blocks of light, 5 pt wide, 1.5 pt apart, on three lines 15 pt
        // apart, as wide as the cell but for margins narrower than a rule is long.
        for line in 0..<3 {
            let top = spec.y + 4 + 15 * Double(line)
            for k in 0..<19 {
                let x = spec.x + 7 + 6.5 * Double(k)
                page.rules.append(FixtureWriter.Rule(x0: x, y0: top, x1: x + 5, y1: top + 10, filled: true, grey: 1))
            }
        }
        page.rules += spec.rules
        let path = dir.appendingPathComponent("letters.pdf").path
        _ = try FixtureWriter.write([page], to: path)
        let tables = try #require(try tablesPipeline(path, ocr: true).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        // OCR may read the blocks as letters; the header's text is not what is looked at.
        let found = try #require(tables.first.map(grid))
        #expect(found.count == spec.rows && found.allSatisfy { $0.count == spec.cols })
        #expect(Array(found.dropFirst()) == Array(spec.grid.dropFirst()))
    }

    /// A table drawn as light grey cells parted by thin white gaps, with no dark rule anywhere (an
    /// annual report's banded table): on the scan the gaps are its grid, as the cells' fills are on
    /// the text layer.
    @Test func aTableOfLightGreyCellsPartedByWhiteGapsOnAScanComesOutAsItsGrid() throws {
        let dir = try Tools.scratch()
        var spec = TableSpec(widths: [140, 110, 90], rowHeight: 30, cells: Self.cells)
        spec.size = 14
        spec.ruled = false
        let e = spec.edges, gap = 0.75
        var fills: [FixtureWriter.Rule] = []
        for r in 0..<spec.rows {
            for c in 0..<spec.cols {
                let top = spec.y + Double(r) * spec.rowHeight
                fills.append(FixtureWriter.Rule(x0: e[c] + gap, y0: top + gap, x1: e[c + 1] - gap, y1: top + spec.rowHeight - gap,
                                                filled: true, grey: r % 2 == 0 ? 0.85 : 0.92))
            }
        }
        var page = FixtureWriter.Page(lines: spec.lines, asImage: true)
        page.rules = fills
        let path = dir.appendingPathComponent("grey-cells.pdf").path
        _ = try FixtureWriter.write([page], to: path)
        let records = try tablesPipeline(path, ocr: true)
        let tables = try #require(records.first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first?.objectValue?["kind"]?.stringValue == "ruled")
        #expect(tables.first.map(grid) == spec.grid)
    }

    /// Columns ruled, rows not: each line of the band is a row, though OCR's boxes of one line
    /// reach a little into the next (by less than half a line).
    @Test func linesWhoseOCRBoxesOverlapALittleAreRowsOfTheirOwn() {
        let xs = [72.0, 200, 280, 360], top = 100.0, pitch = 12.0
        let rows = [["State", "Permit", "Handgun"], ["Alabama", "18,870", "23,022"], ["Alaska", "209", "3,062"],
                    ["Arizona", "2,303", "12,382"], ["Arkansas", "3,298", "6,359"]]
        var words: [TableWord] = []
        for (r, row) in rows.enumerated() {
            // The header has a band of its own; the body's lines are 12 pt apart, their boxes 14 pt tall.
            let y0 = r == 0 ? top + 3 : top + 20 + Double(r - 1) * pitch - 1
            for (c, text) in row.enumerated() {
                words.append(TableWord(text: text, box: Box(x0: xs[c] + 4, y0: y0, x1: xs[c] + 4 + 6 * Double(text.count), y1: y0 + 14),
                                       ocr: true))
            }
        }
        let bottom = top + 20 + Double(rows.count - 1) * pitch + 4
        let rulings = [top, top + 18, bottom].map { Ruling(.horizontal, at: $0, from: xs[0], to: xs[3]) }
            + xs.map { Ruling(.vertical, at: $0, from: top, to: bottom) }
        let tables = TableDetector.tables(words: words, rulings: rulings, options: TableOptions())
        #expect(tables.count == 1)
        #expect(tables.first?.rows == rows.count)
        #expect(tables.first.map { t in t.cells.filter { $0.col == 0 }.sorted { $0.row < $1.row }.map(\.text) } == rows.map { $0[0] })
    }
}
