import Foundation
import Testing
import UnifexCore
import UnifexFixtures
import UnifexTestSupport

@Suite struct PipelineTableTests {
    static let items = [["Item", "Qty", "Price"], ["Apples", "12", "3.50"], ["Pears", "7", "2.25"], ["Plums", "30", "9.00"]]

    @Test func ruledTableComesOutAsItsGrid() throws {
        let dir = try Tools.scratch()
        let spec = TableSpec(widths: [120, 60, 80], cells: Self.items.map { $0.map(Optional.some) })
        let records = try tablesPipeline(try writeFixture([spec], in: dir))
        let tables = try #require(records.first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables[0].objectValue?["kind"]?.stringValue == "ruled")
        #expect(grid(tables[0]) == spec.grid)
        let box = try #require(Box(tables[0].objectValue?["box"]))
        #expect(abs(box.x0 - 72) < 1.5 && abs(box.y0 - 100) < 1.5 && abs(box.x1 - 332) < 1.5 && abs(box.y1 - 180) < 1.5)
    }

    @Test func rulesDrawnAsFilledRectanglesMakeTheSameGrid() throws {
        let dir = try Tools.scratch()
        var spec = TableSpec(widths: [120, 60, 80], cells: Self.items.map { $0.map(Optional.some) })
        spec.filledRules = true
        let tables = try #require(try tablesPipeline(try writeFixture([spec], in: dir)).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(grid(tables[0]) == spec.grid)
    }

    @Test func mergedCellsSpanWhereInnerRulesAreMissing() throws {
        let dir = try Tools.scratch()
        var spec = TableSpec(widths: [100, 70, 70, 70], cells: [
            ["Region", "Sales", nil, nil],
            [nil, "Q1", "Q2", "Q3"],
            ["North", "10", "20", "30"],
            ["South", "11", "21", "31"],
        ])
        spec.spans = [[0, 0]: (2, 1), [0, 1]: (1, 3)]
        let tables = try #require(try tablesPipeline(try writeFixture([spec], in: dir)).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(grid(tables[0]) == spec.grid)
        let cells = tables[0].objectValue!["cells"]!.arrayValue!.map { $0.objectValue! }
        let region = try #require(cells.first { $0["text"]?.stringValue == "Region" })
        #expect(region["rowspan"]?.intValue == 2 && region["colspan"]?.intValue == 1)
        let sales = try #require(cells.first { $0["text"]?.stringValue == "Sales" })
        #expect(sales["colspan"]?.intValue == 3 && sales["rowspan"]?.intValue == 1)
        #expect(cells.count == 16 - 1 - 2)
    }

    @Test func unruledTableFromTheWordsAlone() throws {
        let dir = try Tools.scratch()
        var spec = TableSpec(widths: [120, 60, 80], cells: Self.items.map { $0.map(Optional.some) })
        spec.ruled = false
        spec.rowHeight = 14
        let title = FixtureWriter.Line(x: 72, y: 80, size: 14, text: "Fruit sold this week")
        let paragraph = FixtureWriter.Line(x: 72, y: 190, size: 10,
                                           text: "The prices above are per kilogram and include the tax of the market.")
        let records = try tablesPipeline(try writeFixture([spec], extra: [title, paragraph], in: dir))
        let tables = try #require(records.first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables[0].objectValue?["kind"]?.stringValue == "unruled")
        #expect(grid(tables[0]) == spec.grid)
    }

    @Test func aTitleRowRunningIntoTheFirstHeaderCellLeavesTheOtherHeadersTheirCells() throws {
        let dir = try Tools.scratch()
        var spec = TableSpec(widths: [120, 60, 80], cells: [["Fruit sold this week", nil, nil]] + Self.items.map { $0.map(Optional.some) })
        spec.spans = [[0, 0]: (1, 3)]
        // No rule between the title and the first header cell: their places make an L.
        let rules = spec.rules.filter { !($0.y0 == 120 && $0.y1 == 120 && $0.x0 == 72) }
        #expect(rules.count == spec.rules.count - 1)
        var page = FixtureWriter.Page(lines: spec.lines)
        page.rules = rules
        let path = dir.appendingPathComponent("title.pdf").path
        _ = try FixtureWriter.write([page], to: path)
        let tables = try #require(try tablesPipeline(path).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first.map(grid) == spec.grid)
        // No two cells cover one place.
        let cells = tables.first?.objectValue?["cells"]?.arrayValue?.compactMap(\.objectValue) ?? []
        var covered = Set<[Int]>()
        for cell in cells {
            let r = cell["row"]!.intValue!, c = cell["col"]!.intValue!
            for dr in 0..<cell["rowspan"]!.intValue! { for dc in 0..<cell["colspan"]!.intValue! {
                #expect(covered.insert([r + dr, c + dc]).inserted, "place \(r + dr),\(c + dc) covered twice")
            } }
        }
    }

    @Test func twoTablesOnOnePage() throws {
        let dir = try Tools.scratch()
        let first = TableSpec(widths: [120, 60, 80], cells: Self.items.map { $0.map(Optional.some) })
        let second = TableSpec(y: 300, widths: [90, 90], cells: [["Name", "Town"], ["Ada", "London"], ["Grace", "Arlington"]])
        let tables = try #require(try tablesPipeline(try writeFixture([first, second], in: dir)).first?["tables"]?.arrayValue)
        #expect(tables.map(grid) == [first.grid, second.grid])
    }

    @Test func tableBesideTwoColumnText() throws {
        let dir = try Tools.scratch()
        let prose = [
            "Rivers carry the rain of the hills down", "to the sea, and the towns along them grew",
            "where boats could land their goods and", "where a bridge could be built across the",
            "water. The oldest of them are still the", "largest, though the railways changed much",
            "of what the rivers had once decided for", "the people who lived along their banks.",
        ]
        var extra: [FixtureWriter.Line] = []
        for (i, line) in prose.enumerated() {
            extra.append(FixtureWriter.Line(x: 72, y: 100 + Double(i) * 13, size: 10, text: line))
            extra.append(FixtureWriter.Line(x: 320, y: 100 + Double(i) * 13, size: 10, text: prose[(i + 3) % prose.count]))
        }
        var spec = TableSpec(x: 320, y: 230, widths: [90, 60, 60],
                             cells: [["River", "Length", "Towns"], ["Thames", "346", "12"], ["Severn", "354", "9"], ["Trent", "297", "7"]])
        spec.ruled = false
        spec.rowHeight = 14
        for (i, line) in prose.enumerated() {
            extra.append(FixtureWriter.Line(x: 72, y: 230 + Double(i) * 13, size: 10, text: line))
        }
        let tables = try #require(try tablesPipeline(try writeFixture([spec], extra: extra, in: dir)).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first.map(grid) == spec.grid)
    }

    @Test func pagesWithoutTablesGetAnEmptyListAndPagesWithoutWordsPassThrough() throws {
        let dir = try Tools.scratch()
        let path = try writeFixture([], extra: [FixtureWriter.Line(x: 72, y: 100, size: 12, text: "Just one line of text.")], in: dir)
        let records = try tablesPipeline(path)
        #expect(records.first?["tables"]?.arrayValue?.isEmpty == true)
        let raw = try Tools.shell("ux-split '\(path)' | ux-table")
        #expect(raw.status == 0)
        #expect(raw.records.first?["tables"] == nil)
    }
}

@Suite struct HostileTableTests {
    /// A page drawing a dense hatch of lines: more rulings than grid work is worth.
    @Test(arguments: ["thread", "process"])
    func thousandsOfRulingsAreAWarningNotACrash(executor: String) throws {
        let dir = try Tools.scratch()
        var page = FixtureWriter.Page(lines: PipelineTableTests.items.enumerated().map { i, row in
            FixtureWriter.Line(x: 72, y: 100 + Double(i) * 14, size: 10, text: row.joined(separator: "          "))
        })
        for i in 0..<6000 {
            let x = 20 + Double(i % 300) * 1.9, y = 400 + Double(i / 300) * 15
            page.rules.append(FixtureWriter.Rule(x0: x, y0: y, x1: x, y1: y + 10))
            page.rules.append(FixtureWriter.Rule(x0: 20, y0: y + Double(i % 300) * 0.1, x1: 590, y1: y + Double(i % 300) * 0.1))
        }
        let path = dir.appendingPathComponent("hatch.pdf").path
        _ = try FixtureWriter.write([page], to: path)
        let result = try Tools.shell("ux-split '\(path)' | ux-text | ux-table --executor \(executor)")
        #expect(result.status == 0, "\(result.stderr)")
        let record = try #require(result.records.first)
        #expect(record["status"]?.stringValue == "ok")
        let warnings = record["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(warnings.contains { $0.contains("ruled tables not looked for") })
        // The words still make their table without rulings.
        #expect(record["tables"]?.arrayValue?.count == 1)
    }

    @Test func badAreaIsRefusedWithAReason() throws {
        let result = try Tools.shell("ux-table --area 10,20,5 < /dev/null")
        #expect(result.status != 0)
        #expect(result.stderr.contains("--area"))
    }
}

/// `ux-split --skip-done` and csv's one file per table.
@Suite struct CSVResumeTests {
    @Test func documentsWrittenAsTableFilesAreDoneUntilAFileOfThemIsGone() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = TableSpec(widths: [120, 60, 80], cells: PipelineTableTests.items.map { $0.map(Optional.some) })
        _ = try writeFixture([spec], in: dir, name: "table.pdf")
        _ = try writeFixture([], extra: [.init(x: 72, y: 100, size: 12, text: "No table on this page")], in: dir, name: "prose.pdf")
        let first = try Tools.shell("ux-split table.pdf prose.pdf | ux-text | ux-table | ux-merge --format csv --output-dir out", in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let table = dir.appendingPathComponent("out/table.pdf.p1.t1.csv").path
        #expect(FileManager.default.fileExists(atPath: table))

        let again = try Tools.shell("ux-split --skip-done out --done-format csv table.pdf prose.pdf", in: dir)
        #expect(again.records.isEmpty, "\(again.text)")
        #expect(again.stderr.contains("skipping 2 documents already done in out"), "\(again.stderr)")

        // A table file removed since: that document is to be done again, the other is still done.
        try FileManager.default.removeItem(atPath: table)
        let redo = try Tools.shell("ux-split --skip-done out --done-format csv table.pdf prose.pdf", in: dir)
        #expect(Set(redo.records.compactMap { $0["doc"]?.stringValue }) == ["table.pdf"], "\(redo.stderr)")
    }
}
