import Foundation
import Testing
import UnifexCore
import UnifexFixtures
import UnifexTestSupport

/// Tables on image-only pages: the words come from OCR, the grid from the page image.
@Suite struct ScannedTableTests {
    static let cells: [[String?]] = [
        ["City", "People", "Area"], ["Leeds", "812000", "552"], ["York", "202800", "272"], ["Bath", "94782", "29"],
    ]

    @Test func ruledTableOnAScanComesOutAsItsGrid() throws {
        let dir = try Tools.scratch()
        var spec = TableSpec(widths: [140, 110, 90], rowHeight: 30, cells: Self.cells)
        spec.size = 14
        let records = try tablesPipeline(try writeFixture([spec], asImage: true, in: dir), ocr: true)
        #expect(records.first?["text_source"]?.stringValue == "ocr")
        let tables = try #require(records.first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first?.objectValue?["kind"]?.stringValue == "ruled")
        #expect(tables.first.map(grid) == spec.grid)
    }

    @Test func aRuledTableScannedSidewaysReadsInTheDirectionOfItsText() throws {
        let dir = try Tools.scratch()
        var spec = TableSpec(widths: [140, 110, 90], rowHeight: 30, cells: Self.cells)
        spec.size = 14
        // Sideways text on a scan is for OSD to set upright (--rotate); the words' boxes come back
        // on the page as displayed, standing, and ux-table turns them again.
        let path = try writeFixture([spec], asImage: true, turn: 3, in: dir)
        let result = try Tools.shell("ux-split '\(path)' | ux-ocr --rotate | ux-table")
        #expect(result.status == 0, "\(result.stderr)")
        let records = result.records
        let tables = try #require(records.first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first?.objectValue?["kind"]?.stringValue == "ruled")
        #expect(tables.first.map(grid) == spec.grid)
    }

    @Test func unruledTableOnAScanIsFoundFromTheOCRWords() throws {
        let dir = try Tools.scratch()
        var spec = TableSpec(widths: [140, 110, 90], rowHeight: 22, cells: Self.cells)
        spec.size = 14
        spec.ruled = false
        let records = try tablesPipeline(try writeFixture([spec], asImage: true, in: dir), ocr: true)
        let tables = try #require(records.first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first?.objectValue?["kind"]?.stringValue == "unruled")
        #expect(tables.first.map(grid) == spec.grid)
    }

    /// A header of years set well apart above the rows, as far as a text layer's lines reach: on
    /// the scan, where OCR's boxes hug the figures, it heads the table all the same.
    @Test func aHeaderSetApartAboveAnUnruledTableOnAScanHeadsIt() throws {
        let dir = try Tools.scratch()
        let grid = [["", "2014", "2013", "2012"], ["Alpha", "2.6", "3.2", "3.0"], ["Beta", "0.7", "1.3", "1.1"],
                    ["Gamma", "2.5", "3.4", "2.9"], ["Delta", "0.3", "3.2", "2.9"]]
        var lines: [FixtureWriter.Line] = []
        for (r, row) in grid.enumerated() {
            let y = r == 0 ? 88.0 : 136 + 14 * Double(r - 1)
            for (c, text) in row.enumerated() where !text.isEmpty {
                lines.append(FixtureWriter.Line(x: 72 + 80 * Double(c), y: y, size: 10, text: text))
            }
        }
        for asImage in [false, true] {
            let path = dir.appendingPathComponent("apart-\(asImage).pdf").path
            _ = try FixtureWriter.write([FixtureWriter.Page(lines: lines, asImage: asImage)], to: path)
            let tables = try #require(try tablesPipeline(path, ocr: asImage).first?["tables"]?.arrayValue)
            #expect(tables.count == 1)
            #expect(tables.first.map(UnifexTableTests.grid) == grid, "scanned: \(asImage)")
        }
    }

    @Test func ruledTableInAnImageFile() throws {
        let dir = try Tools.scratch()
        var spec = TableSpec(widths: [140, 110, 90], rowHeight: 30, cells: Self.cells)
        spec.size = 14
        var page = FixtureWriter.Page(lines: spec.lines)
        page.rules = spec.rules
        let path = dir.appendingPathComponent("table.png").path
        _ = try FixtureWriter.write([page], to: path)
        let result = try Tools.shell("ux-split '\(path)' | ux-ocr | ux-table")
        #expect(result.status == 0, "\(result.stderr)")
        let tables = try #require(result.records.first?["tables"]?.arrayValue)
        #expect(tables.first?.objectValue?["kind"]?.stringValue == "ruled")
        #expect(tables.first.map(grid) == spec.grid)
    }
}
