import Foundation
import Testing
import UnifexCore
import UnifexFixtures
import UnifexTestSupport

/// Tables printed sideways (a landscape table on a portrait page): rows and columns follow the
/// text, the boxes stay on the page as displayed.
@Suite struct TurnedTableTests {
    static let items = [["State", "Permit", "Handgun", "Long gun"], ["Alabama", "18,870", "23,022", "22,650"],
                        ["Alaska", "209", "3,062", "3,209"], ["District of Columbia", "0", "160", "12"]]

    @Test(arguments: [1, 3], [true, false])
    func aSidewaysTableReadsInTheDirectionOfItsText(turn: Int, ruled: Bool) throws {
        let dir = try Tools.scratch()
        var spec = TableSpec(widths: [130, 70, 70, 70], cells: Self.items.map { $0.map(Optional.some) })
        spec.ruled = ruled
        if !ruled { spec.rowHeight = 14 }
        let title = FixtureWriter.Line(x: 72, y: 80, size: 14, text: "Firearm checks by state and type")
        let note = FixtureWriter.Line(x: 72, y: 200, size: 10, text: "Figures are the checks made in the month, by the state that made them.")
        let path = try writeFixture([spec], extra: [title, note], turn: turn, in: dir)
        let record = try #require(try tablesPipeline(path).first)
        let tables = try #require(record["tables"]?.arrayValue)
        #expect(tables.count == 1)
        let table = try #require(tables.first)
        #expect(grid(table) == spec.grid, "turn \(turn), ruled \(ruled)")
        #expect(table.objectValue?["kind"]?.stringValue == (ruled ? "ruled" : "unruled"))

        // Every word lies in the cell that holds it, on the page as displayed.
        let words = (record["words"]?.arrayValue ?? []).compactMap { TextSpan($0) }
        let box = try #require(Box(table.objectValue?["box"]))
        #expect(box.height > box.width, "a sideways table stands taller than wide: \(box)")
        for cell in table.objectValue?["cells"]?.arrayValue ?? [] {
            let o = try #require(cell.objectValue)
            let cellBox = try #require(Box(o["box"]))
            let text = o["text"]?.stringValue ?? ""
            let inside = words.filter { w in
                let x = (w.box.x0 + w.box.x1) / 2, y = (w.box.y0 + w.box.y1) / 2
                return x >= cellBox.x0 && x <= cellBox.x1 && y >= cellBox.y0 && y <= cellBox.y1
            }
            #expect(inside.map(\.text).joined(separator: " ") == text || (!ruled && inside.isEmpty == text.isEmpty),
                    "cell \(o["row"]?.intValue ?? -1),\(o["col"]?.intValue ?? -1): \(text) against \(inside.map(\.text))")
        }
    }

    @Test func anUprightFooterDoesNotTurnASidewaysPageBack() throws {
        let dir = try Tools.scratch()
        let spec = TableSpec(widths: [130, 70, 70, 70], cells: Self.items.map { $0.map(Optional.some) })
        let footer = FixtureWriter.Line(x: 200, y: 770, size: 9, text: "Federal Bureau of Investigation, page 3 of 12")
        let path = try writeFixture([spec], turn: 1, stamps: [footer], in: dir)
        let tables = try #require(try tablesPipeline(path).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first.map(grid) == spec.grid)
    }

    @Test func aPageOfUprightTablesIsNotTurned() throws {
        let dir = try Tools.scratch()
        let spec = TableSpec(widths: [130, 70, 70, 70], cells: Self.items.map { $0.map(Optional.some) })
        let tables = try #require(try tablesPipeline(try writeFixture([spec], in: dir)).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first.map(grid) == spec.grid)
    }
}
