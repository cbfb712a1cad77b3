import Foundation
import Testing
import UnifexCore
import UnifexFixtures
import UnifexTestSupport

/// What scans do to a ruled table that a text layer does not: a filled header band is one piece
/// of pixels with the lines that touch it.
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
}
