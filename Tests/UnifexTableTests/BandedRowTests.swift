import Foundation
import Testing
import UnifexCore
import UnifexFixtures
import UnifexTestSupport

/// Ruled tables whose rules fall every few rows (statistics ruled by groups): each line of a band
/// is a row where all the band's cells hold the same lines at the same heights.
@Suite struct BandedRowTests {
    static let header = ["State", "Permit", "Handgun"]
    static let states = [["Alabama", "18,870", "23,022"], ["Alaska", "209", "3,062"], ["Arizona", "2,303", "12,382"],
                         ["Arkansas", "3,298", "6,359"], ["California", "98,452", "41,181"], ["Colorado", "4,144", "19,784"],
                         ["Connecticut", "9,631", "11,594"], ["Delaware", "204", "2,152"]]

    /// A page with `rows` of text, 14 pt apart under a header, and horizontal rules only above the
    /// rows in `ruledAbove` (and around the whole); every column is ruled.
    func page(_ rows: [[String]], ruledAbove: [Int], in dir: URL) throws -> String {
        let x = [72.0, 200, 280, 360], top = 100.0, pitch = 14.0
        let all = [Self.header] + rows
        var lines: [FixtureWriter.Line] = []
        for (r, row) in all.enumerated() {
            for (c, text) in row.enumerated() where !text.isEmpty {
                lines.append(FixtureWriter.Line(x: x[c] + 4, y: top + Double(r) * pitch + 10.5, size: 10, text: text))
            }
        }
        let bottom = top + Double(all.count) * pitch
        var rules = Set(ruledAbove + [0, 1, all.count]).sorted().map { r in
            FixtureWriter.Rule(x0: x[0], y0: top + Double(r) * pitch, x1: x[3], y1: top + Double(r) * pitch)
        }
        rules += x.map { FixtureWriter.Rule(x0: $0, y0: top, x1: $0, y1: bottom) }
        var fixture = FixtureWriter.Page(lines: lines)
        fixture.rules = rules
        let path = dir.appendingPathComponent("banded.pdf").path
        _ = try FixtureWriter.write([fixture], to: path)
        return path
    }

    @Test func everyLineOfABandIsARow() throws {
        let dir = try Tools.scratch()
        // Rules above rows 1, 4 and 7 (1-based among the states: after the header, every third state).
        let path = try page(Self.states, ruledAbove: [4, 7], in: dir)
        let tables = try #require(try tablesPipeline(path).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first.map(grid) == [Self.header] + Self.states)
        // Each row's cells sit between the row's neighbours, inside the band.
        let cells = tables.first?.objectValue?["cells"]?.arrayValue?.compactMap(\.objectValue) ?? []
        let alaska = try #require(cells.first { $0["text"]?.stringValue == "Alaska" })
        let box = try #require(Box(alaska["box"]))
        #expect(box.y0 > 100 + 2 * 14 - 7 && box.y1 < 100 + 3 * 14 + 7, "\(box)")
    }

    @Test func aBandOfTwoLinesStaysOneRowWhereNoBandHoldsThree() throws {
        let dir = try Tools.scratch()
        // Ruled every second state: each band could as well be one row of wrapped text.
        let path = try page(Array(Self.states.prefix(6)), ruledAbove: [3, 5], in: dir)
        let tables = try #require(try tablesPipeline(path).first?["tables"]?.arrayValue)
        #expect(tables.first?.objectValue?["rows"]?.intValue == 4)
        #expect(tables.first.map(grid)?[1] == ["Alabama Alaska", "18,870 209", "23,022 3,062"])
    }

    /// A figure under a figure is the next row's, whatever the other cells hold: a band whose
    /// middle column has a line less (Alaska has no permit figure) is still a row per state.
    @Test func aBandWhoseCellsHoldDifferentLinesIsCutIntoItsRows() throws {
        let dir = try Tools.scratch()
        var rows = Array(Self.states.prefix(6))
        rows[1][1] = ""
        let path = try page(rows, ruledAbove: [4], in: dir)
        let tables = try #require(try tablesPipeline(path).first?["tables"]?.arrayValue)
        let g = try #require(tables.first.map(grid))
        #expect(g == [Self.header] + rows, "\(g)")
    }
}
