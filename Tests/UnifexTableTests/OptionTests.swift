import Foundation
import Testing
import UnifexCore
import UnifexFixtures
import UnifexTestSupport

/// --strategy, --area, --min-rows and --min-cols on a page with a ruled table above and an
/// unruled one below.
@Suite struct TableOptionTests {
    static func page() throws -> String {
        let dir = try Tools.scratch()
        let ruled = TableSpec(widths: [120, 60, 80], cells: PipelineTableTests.items.map { $0.map(Optional.some) })
        var unruled = TableSpec(y: 400, widths: [90, 90], rowHeight: 14,
                                cells: [["Name", "Town"], ["Ada", "London"], ["Grace", "Arlington"], ["Alan", "Wilmslow"]])
        unruled.ruled = false
        return try writeFixture([ruled, unruled], in: dir)
    }

    func kinds(_ options: String) throws -> [String] {
        let records = try tablesPipeline(try Self.page(), options: options)
        return (records.first?["tables"]?.arrayValue ?? []).compactMap { $0.objectValue?["kind"]?.stringValue }
    }

    @Test func strategyChoosesTheMethods() throws {
        #expect(try kinds("") == ["ruled", "unruled"])
        #expect(try kinds("--strategy ruled") == ["ruled"])
        // Without rulings the ruled table's words are a table too, found from their gaps.
        #expect(try kinds("--strategy unruled") == ["unruled", "unruled"])
    }

    @Test func areaRestrictsDetection() throws {
        #expect(try kinds("--area 0,350,612,792") == ["unruled"])
        #expect(try kinds("--area 0,0,612,300") == ["ruled"])
    }

    @Test func minimumsDropSmallerTables() throws {
        #expect(try kinds("--min-cols 3") == ["ruled"])
        #expect(try kinds("--min-rows 5") == [])
        #expect(try kinds("--min-rows 4") == ["ruled", "unruled"])
    }
}
