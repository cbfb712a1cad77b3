import Foundation
import Testing
import UnifexCore
import UnifexFixtures
import UnifexTestSupport

/// What a report's table carries besides its grid (caption, notes, header rows), and the rows of
/// statistical tables: section labels, group labels between sections.
@Suite struct TableStructureTests {
    static let pupils: [[String?]] = [["Level", "Boys", "Girls"], ["Primary", "1,204", "1,187"],
                                      ["Lower secondary", "836", "871"], ["Upper secondary", "512", "566"]]

    /// An unruled table with its caption and a units line set tightly above it and a source below.
    @Test func captionAndNotesAreNotRowsButGoOnTheTable() throws {
        let dir = try Tools.scratch()
        var spec = TableSpec(y: 130, widths: [130, 70, 70], cells: Self.pupils)
        spec.ruled = false
        spec.rowHeight = 14
        let extra = [
            FixtureWriter.Line(x: 76, y: 102, size: 10, text: "Table 10: Pupils enrolled by level, 2023"),
            FixtureWriter.Line(x: 76, y: 116, size: 10, text: "(thousands)"),
            FixtureWriter.Line(x: 76, y: 196, size: 8, text: "Source: Ministry of Education, school census."),
        ]
        let tables = try #require(try tablesPipeline(try writeFixture([spec], extra: extra, in: dir)).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        let table = try #require(tables.first?.objectValue)
        #expect(grid(tables[0]) == spec.grid)
        #expect(table["caption"]?.objectValue?["text"]?.stringValue == "Table 10: Pupils enrolled by level, 2023")
        let notes = table["notes"]?.arrayValue?.compactMap { $0.objectValue?["text"]?.stringValue }
        #expect(notes == ["(thousands)", "Source: Ministry of Education, school census."])
        #expect(table["header_rows"]?.intValue == 1)
    }

    /// A ruled table: the caption above its top rule, the notes under its bottom one.
    @Test func ruledTableTakesItsCaptionAndNotes() throws {
        let dir = try Tools.scratch()
        let spec = TableSpec(y: 130, widths: [130, 70, 70], cells: Self.pupils)
        let extra = [
            FixtureWriter.Line(x: 72, y: 120, size: 10, text: "Tab. 4 Pupils by level"),
            FixtureWriter.Line(x: 72, y: 222, size: 8, text: "Note: provisional figures."),
        ]
        let records = try tablesPipeline(try writeFixture([spec], extra: extra, in: dir))
        let table = try #require(records.first?["tables"]?.arrayValue?.first?.objectValue)
        #expect(table["caption"]?.objectValue?["text"]?.stringValue == "Tab. 4 Pupils by level")
        #expect(table["notes"]?.arrayValue?.compactMap { $0.objectValue?["text"]?.stringValue } == ["Note: provisional figures."])
        #expect(table["header_rows"]?.intValue == 1)
        // Markdown: the caption above the table, the notes below it, each once.
        let md = try Tools.shell("ux-split '\(dir.path)/tables.pdf' | ux-text | ux-table | ux-layout | ux-merge --format markdown")
        #expect(md.status == 0, "\(md.stderr)")
        let text = md.text
        let caption = try #require(text.range(of: "Tab. 4 Pupils by level"))
        let header = try #require(text.range(of: "| Level | Boys | Girls |"))
        let note = try #require(text.range(of: "Note: provisional figures."))
        #expect(caption.upperBound <= header.lowerBound && header.upperBound <= note.lowerBound)
        #expect(text.components(separatedBy: "Tab. 4").count == 2 && text.components(separatedBy: "provisional").count == 2)
    }

    /// Two header rows over figures: a group heading spanning its subheads, then the subheads.
    @Test func headerRowsAreThoseOverTheFigures() throws {
        let dir = try Tools.scratch()
        var spec = TableSpec(widths: [120, 60, 60, 60], cells: [
            ["Region", "Sales", nil, nil], [nil, "2022", "2023", "Change"],
            ["North", "10", "20", "+10"], ["South", "11", "21", "+10"], ["East", "9", "8", "-1"],
        ])
        spec.spans = [[0, 0]: (2, 1), [0, 1]: (1, 3)]
        let table = try #require(try tablesPipeline(try writeFixture([spec], in: dir)).first?["tables"]?.arrayValue?.first?.objectValue)
        #expect(table["header_rows"]?.intValue == 2)
        let md = try Tools.shell("ux-split '\(dir.path)/tables.pdf' | ux-text | ux-table | ux-merge --format markdown")
        #expect(md.text.contains("| Region | Sales 2022 | Sales 2023 | Sales Change |\n| --- | --- | --- | --- |\n| North | 10 | 20 | +10 |"), "\(md.text)")
    }
}

/// Rows of statistical tables without rulings: section labels over indented rows, and later
/// sections under a group label set apart from the rows above.
@Suite struct SectionRowTests {
    /// Lines at `y`, one word group per column start, size 9.
    static func lines(_ rows: [[(Double, String)]], y: Double, leading: [Double]) -> [FixtureWriter.Line] {
        var out: [FixtureWriter.Line] = [], at = y
        for (i, row) in rows.enumerated() {
            at += leading[i]
            for (x, text) in row { out.append(FixtureWriter.Line(x: x, y: at, size: 9, text: text)) }
        }
        return out
    }

    @Test func aLabelAloneOverIndentedRowsIsARowOfItsOwn() throws {
        let dir = try Tools.scratch()
        let rows: [[(Double, String)]] = [
            [(72, "Indicator"), (260, "2022"), (330, "2023")],
            [(72, "Processes")],
            [(84, "Dropping out"), (270, "15"), (340, "12")],
            [(84, "Repeating a grade"), (270, "8"), (345, "7")],
            [(72, "Outcomes")],
            [(84, "Completion rate"), (265, "88"), (335, "90")],
            [(84, "Transition rate"), (265, "74"), (335, "79")],
        ]
        let path = try writeFixture([], extra: Self.lines(rows, y: 100, leading: Array(repeating: 13, count: rows.count)), in: dir)
        let tables = try #require(try tablesPipeline(path).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first.map(grid) == [["Indicator", "2022", "2023"], ["Processes", "", ""], ["Dropping out", "15", "12"],
                                           ["Repeating a grade", "8", "7"], ["Outcomes", "", ""], ["Completion rate", "88", "90"],
                                           ["Transition rate", "74", "79"]])
        #expect(tables.first?.objectValue?["header_rows"]?.intValue == 1)
    }

    @Test func aGroupLabelSetApartDoesNotEndTheTable() throws {
        let dir = try Tools.scratch()
        let rows: [[(Double, String)]] = [
            [(72, "District"), (260, "Schools"), (330, "Pupils")],
            [(72, "Northern region")],
            [(72, "Alder"), (270, "12"), (335, "3,410")],
            [(72, "Birch"), (270, "9"), (335, "2,077")],
            [(72, "Cedar"), (270, "14"), (335, "4,120")],
            [(72, "Southern region")],
            [(72, "Dunmore"), (270, "7"), (335, "1,902")],
            [(72, "Elmwood"), (270, "11"), (335, "3,008")],
        ]
        // The group labels stand apart: twice the rows' leading above them.
        let leading: [Double] = [13, 26, 13, 13, 13, 30, 13, 13]
        let path = try writeFixture([], extra: Self.lines(rows, y: 100, leading: leading), in: dir)
        let tables = try #require(try tablesPipeline(path).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first.map(grid) == [["District", "Schools", "Pupils"], ["Northern region", "", ""], ["Alder", "12", "3,410"],
                                           ["Birch", "9", "2,077"], ["Cedar", "14", "4,120"], ["Southern region", "", ""],
                                           ["Dunmore", "7", "1,902"], ["Elmwood", "11", "3,008"]])
    }
}

/// Tables whose columns are ruled and whose rows are not: rules only at the top, under the
/// header and between sections. A row's cells may run over several lines.
@Suite struct ColumnRuledTests {
    @Test func multiLineCellsStayOneRow() throws {
        let dir = try Tools.scratch()
        let xs: [Double] = [72, 252, 322, 392]
        // (first line's baseline, cells: per column the lines of text)
        let rows: [(Double, [[String]])] = [
            (112, [["Programme"], ["Budget"], ["Spent"]]),
            (134, [["Teacher training in", "rural districts"], ["1,200"], ["1,050"]]),
            (160, [["School meals"], ["3,400"], ["3,390"]]),
            (173, [["Textbooks and learning", "materials for the", "primary grades"], ["900"], ["610"]]),
            (212, [["Classroom building"], ["5,000", "(revised)"], ["4,200"]]),
            (238, [["Water and", "sanitation"], ["750"], ["700"]]),
        ]
        var lines: [FixtureWriter.Line] = []
        for (y, cells) in rows {
            for (c, texts) in cells.enumerated() {
                for (k, t) in texts.enumerated() { lines.append(FixtureWriter.Line(x: xs[c] + 4, y: y + Double(k) * 12, size: 9, text: t)) }
            }
        }
        var page = FixtureWriter.Page(lines: lines)
        let top = 100.0, bottom = 256.0
        for y in [top, 118, 203, bottom] { page.rules.append(FixtureWriter.Rule(x0: xs[0], y0: y, x1: xs[3], y1: y)) }
        for x in xs { page.rules.append(FixtureWriter.Rule(x0: x, y0: top, x1: x, y1: bottom)) }
        let path = dir.appendingPathComponent("columns.pdf").path
        _ = try FixtureWriter.write([page], to: path)
        let tables = try #require(try tablesPipeline(path).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first.map(grid) == [
            ["Programme", "Budget", "Spent"],
            ["Teacher training in rural districts", "1,200", "1,050"],
            ["School meals", "3,400", "3,390"],
            ["Textbooks and learning materials for the primary grades", "900", "610"],
            ["Classroom building", "5,000 (revised)", "4,200"],
            ["Water and sanitation", "750", "700"],
        ])
        #expect(tables.first?.objectValue?["header_rows"]?.intValue == 1)
    }
}

/// A Hebrew table as statistical reports set it: labels on the right, figures on the left, the
/// years set apart above, sections after blank lines.
@Suite struct RightToLeftTableTests {
    /// Hebrew drawn as it is seen: the characters of each word, and the words, from right to left.
    static func visual(_ text: String) -> String { String(text.reversed()) }

    @Test func cellsKeepLogicalOrderAndTheTableStaysWhole() throws {
        let dir = try Tools.scratch()
        let years = ["2021", "2022", "2023"], xs: [Double] = [72, 132, 192]
        let rows: [(Double, String, [String])] = [
            (150, "סך הכל", ["2.6", "3.2", "3.0"]),
            (162, "הסקטור העסקי", ["2.5", "3.4", "2.9"]),
            (174, "בינוי", ["-1.7", "1.3", "6.8"]),
            (206, "שימושים במקורות", ["2.2", "2.4", "2.9"]),
            (218, "צריכה פרטית", ["3.8", "3.5", "3.6"]),
            (230, "יבוא", ["0.9", "-0.1", "2.5"]),
        ]
        var lines: [FixtureWriter.Line] = []
        for (c, year) in years.enumerated() { lines.append(FixtureWriter.Line(x: xs[c], y: 120, size: 9, text: year)) }
        for (y, label, values) in rows {
            let width = Double(label.count) * 5.2
            lines.append(FixtureWriter.Line(x: 400 - width, y: y, size: 9, text: Self.visual(label)))
            for (c, v) in values.enumerated() { lines.append(FixtureWriter.Line(x: xs[c], y: y, size: 9, text: v)) }
        }
        let path = try writeFixture([], extra: lines, in: dir)
        let tables = try #require(try tablesPipeline(path).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        #expect(tables.first.map(grid) == [years + [""]] + rows.map { $0.2 + [$0.1] })
        #expect(tables.first?.objectValue?["header_rows"]?.intValue == 1)
    }
}

extension ColumnRuledTests {
    /// Section labels set further out than the rows under them, in a band between two rules.
    @Test func sectionLabelsInABandAreRowsOfTheirOwn() throws {
        let dir = try Tools.scratch()
        let xs: [Double] = [72, 252, 322, 392]
        let rows: [(Double, Double, [String])] = [
            (112, 76, ["Indicator", "2022", "2023"]), (134, 76, ["Processes", "", ""]), (147, 86, ["Dropping out", "15", "12"]),
            (160, 86, ["Repeating a grade", "8", "7"]), (173, 76, ["Outcomes", "", ""]), (186, 86, ["Completion rate", "88", "90"]),
        ]
        var lines: [FixtureWriter.Line] = []
        for (y, x, cells) in rows {
            for (c, t) in cells.enumerated() where !t.isEmpty { lines.append(.init(x: c == 0 ? x : xs[c] + 4, y: y, size: 9, text: t)) }
        }
        var page = FixtureWriter.Page(lines: lines)
        for y in [100.0, 118, 194] { page.rules.append(FixtureWriter.Rule(x0: xs[0], y0: y, x1: xs[3], y1: y)) }
        for x in xs { page.rules.append(FixtureWriter.Rule(x0: x, y0: 100, x1: x, y1: 194)) }
        let path = dir.appendingPathComponent("sections.pdf").path
        _ = try FixtureWriter.write([page], to: path)
        let tables = try #require(try tablesPipeline(path).first?["tables"]?.arrayValue)
        #expect(tables.first.map(grid) == rows.map(\.2))
    }
}

/// A grid drawn without its outer borders: the label column and the last column stand outside
/// the rulings.
@Suite struct OuterColumnTests {
    @Test func columnsOutsideTheOuterRulesBelongToTheTable() throws {
        let dir = try Tools.scratch()
        let inner = TableSpec(x: 200, y: 100, widths: [70, 70, 70], cells: [
            ["2022", "2023", "Change"], ["1,204", "1,187", "-17"], ["836", "871", "35"], ["512", "566", "54"], ["95", "90", "-5"],
        ].map { $0.map(Optional.some) })
        let labels = ["Level", "Primary", "Lower secondary", "Upper secondary", "Tertiary"]
        let shares = ["Share", "41%", "29%", "18%", "3%"]
        var extra: [FixtureWriter.Line] = []
        for r in 0..<labels.count {
            let y = 100 + Double(r) * 20 + 14
            extra.append(FixtureWriter.Line(x: 80, y: y, size: 10, text: labels[r]))
            extra.append(FixtureWriter.Line(x: 420, y: y, size: 10, text: shares[r]))
        }
        let tables = try #require(try tablesPipeline(try writeFixture([inner], extra: extra, in: dir)).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        let expected: [[String]] = (0..<labels.count).map { r in [labels[r]] + inner.grid[r] + [shares[r]] }
        #expect(tables.first.map(grid) == expected)
        #expect(tables.first?.objectValue?["cols"]?.intValue == 5)
    }
}

/// Cell text and column assignment on tables of reports.
@Suite struct CellTextTests {
    /// A header cell set with a drop capital: a taller "T" touching the rest of its word.
    @Test func aDropCapitalStaysWithItsWord() throws {
        let dir = try Tools.scratch()
        let probe = try FixtureWriter.write([FixtureWriter.Page(lines: [.init(x: 100, y: 100, size: 13, text: "T")])],
                                            to: dir.appendingPathComponent("probe.pdf").path)
        let advance = try #require(probe.first?.first).box.x1 - 100
        var spec = TableSpec(widths: [140, 120], cells: [["Substance", nil], ["Methane", "100 000"], ["Nitrous oxide", "10 000"]])
        spec.spans = [:]
        let extra = [FixtureWriter.Line(x: 216, y: 114, size: 13, text: "T"),
                     FixtureWriter.Line(x: 216 + advance, y: 114, size: 10, text: "HRESHOLD")]
        let tables = try #require(try tablesPipeline(try writeFixture([spec], extra: extra, in: dir)).first?["tables"]?.arrayValue)
        #expect(tables.first.map(grid) == [["Substance", "THRESHOLD"], ["Methane", "100 000"], ["Nitrous oxide", "10 000"]])
    }

    /// Headers of several lines, each set flush right over its column of figures and wider than
    /// them: each header line stays in its column.
    @Test func headerLinesWiderThanTheirFiguresStayInTheirColumns() throws {
        let dir = try Tools.scratch()
        var lines: [FixtureWriter.Line] = []
        // Right edges of the figure columns; texts are set flush right by measuring them first.
        let rights: [Double] = [250, 330, 410]
        let header = [["Percentage of", "population", "covered"], ["National", "exclusion", "rate"], ["School", "participation", "rate"]]
        let body = [("Australia", ["100", "4", "96"]), ("Austria", ["100", "5", "100"]), ("Azerbaijan", ["100", "7", "84"]),
                    ("Belgium", ["99", "6", "77"])]
        var probeLines: [FixtureWriter.Line] = []
        for texts in header { for t in texts { probeLines.append(.init(x: 0, y: 50, size: 9, text: t)) } }
        for (_, values) in body { for v in values { probeLines.append(.init(x: 0, y: 50, size: 9, text: v)) } }
        var widths: [String: Double] = [:]
        for line in probeLines {
            let spans = try FixtureWriter.write([FixtureWriter.Page(lines: [line])], to: dir.appendingPathComponent("probe.pdf").path)
            widths[line.text] = (spans.first?.last?.box.x1 ?? 0)
        }
        for (c, texts) in header.enumerated() {
            for (k, t) in texts.enumerated() { lines.append(.init(x: rights[c] - widths[t]!, y: 110 + Double(k) * 10, size: 9, text: t)) }
        }
        lines.append(.init(x: 72, y: 130, size: 9, text: "Education system"))
        for (r, (name, values)) in body.enumerated() {
            let y = 144 + Double(r) * 11
            lines.append(.init(x: 72, y: y, size: 9, text: name))
            for (c, v) in values.enumerated() { lines.append(.init(x: rights[c] - widths[v]!, y: y, size: 9, text: v)) }
        }
        let tables = try #require(try tablesPipeline(try writeFixture([], extra: lines, in: dir)).first?["tables"]?.arrayValue)
        #expect(tables.count == 1)
        let g = try #require(tables.first.map(grid))
        #expect(g.first?.count == 4)
        // Each column's header lines, top to bottom, are its own and no other's.
        for (c, texts) in header.enumerated() {
            #expect(g.map { $0[c + 1] }.filter { !$0.isEmpty }.prefix(3).joined(separator: " ") == texts.joined(separator: " "), "\(g)")
        }
        #expect(g.suffix(4).map { $0[0] } == body.map(\.0))
    }
}

/// Text clipped at a cell's border that runs on, unseen, into the next cell's text.
@Suite struct ClippedCellTests {
    @Test func aWordAcrossAnInnerRuleIsCutAtIt() throws {
        let dir = try Tools.scratch()
        let probe = try FixtureWriter.write([FixtureWriter.Page(lines: [.init(x: 0, y: 50, size: 10, text: "Matthew C. & Elizab")])],
                                            to: dir.appendingPathComponent("probe.pdf").path)
        let prefix = try #require(probe.first?.last).box.x1
        var spec = TableSpec(widths: [4 + prefix + 0.3, 140], cells: [["Name", "Address"], ["", ""], ["Ada Byron", "12 St James Sq"]])
        spec.spans = [:]
        let extra = [FixtureWriter.Line(x: 76, y: 134, size: 10, text: "Matthew C. & Elizab2165 Princeton Ave")]
        let tables = try #require(try tablesPipeline(try writeFixture([spec], extra: extra, in: dir)).first?["tables"]?.arrayValue)
        #expect(tables.first.map(grid) == [["Name", "Address"], ["Matthew C. & Elizab", "2165 Princeton Ave"], ["Ada Byron", "12 St James Sq"]])
    }
}
