import Foundation
import Testing
import UnifexCore
import UnifexDocument
import UnifexTestSupport

@Suite struct TableFormatTests {
    /// A page with a title, a table with a header spanning two columns and a cell holding a comma
    /// and a quote, and a note below.
    static var record: PageRecord {
        var record = PageRecord(doc: "a.pdf", source: "pdf", page: 2, pageCount: 2, selected: 1)
        record["width"] = .double(612)
        record["height"] = .double(792)
        func span(_ text: String, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> TextSpan {
            TextSpan(text: text, box: Box(x0: x0, y0: y0, x1: x1, y1: y1))
        }
        let lines = [span("Prices", 72, 60, 120, 72), span("Item Cost", 72, 100, 200, 110),
                     span("Pears, \"ripe\" 2", 72, 120, 200, 130), span("Prices may change.", 72, 160, 180, 170)]
        PageText(text: lines.map(\.text).joined(separator: "\n") + "\n", words: [], lines: lines).apply(to: &record)
        let table = Table(box: Box(x0: 70, y0: 95, x1: 260, y1: 135), rows: 3, cols: 3, kind: .ruled, cells: [
            TableCell(row: 0, col: 0, box: Box(x0: 70, y0: 95, x1: 150, y1: 115), text: "Item"),
            TableCell(row: 0, col: 1, colspan: 2, box: Box(x0: 150, y0: 95, x1: 260, y1: 115), text: "Cost"),
            TableCell(row: 1, col: 0, box: Box(x0: 70, y0: 115, x1: 150, y1: 125), text: "Pears, \"ripe\""),
            TableCell(row: 1, col: 1, box: Box(x0: 150, y0: 115, x1: 200, y1: 125), text: "2"),
            TableCell(row: 1, col: 2, box: Box(x0: 200, y0: 115, x1: 260, y1: 125), text: "a|b"),
            TableCell(row: 2, col: 0, box: Box(x0: 70, y0: 125, x1: 150, y1: 135), text: ""),
            TableCell(row: 2, col: 1, box: Box(x0: 150, y0: 125, x1: 200, y1: 135), text: "3"),
            TableCell(row: 2, col: 2, box: Box(x0: 200, y0: 125, x1: 260, y1: 135), text: "4"),
        ])
        record["tables"] = .array([table.json])
        return record
    }

    @Test func csvIsRFC4180WithSpansAtTheirTopLeft() {
        let table = Self.record.tables![0]
        #expect(String(decoding: CSVFormat.csv(table), as: UTF8.self)
            == "Item,Cost,\r\n\"Pears, \"\"ripe\"\"\",2,a|b\r\n,3,4\r\n")
    }

    @Test func markdownRendersTheTableInPlaceOfItsText() {
        let out = MarkdownFormat().markdown(Self.record)
        #expect(out == """
            Prices

            | Item | Cost | Cost |
            | --- | --- | --- |
            | Pears, "ripe" | 2 | a\\|b |
            |  | 3 | 4 |

            Prices may change.


            """)
    }

    @Test func markdownPutsATitleRowAboveTheTable() {
        var record = Self.record
        var table = record.tables![0]
        table.rows += 1
        table.cells = [TableCell(row: 0, col: 0, colspan: 3, box: Box(x0: 70, y0: 85, x1: 260, y1: 95), text: "Fruit | prices")]
            + table.cells.map { var c = $0; c.row += 1; return c }
        record["tables"] = .array([table.json])
        let out = MarkdownFormat().markdown(record)
        #expect(out.contains("""
            Fruit \\| prices

            | Item | Cost | Cost |
            | --- | --- | --- |
            """), "\(out)")
        #expect(!out.contains("| Fruit"))
    }

    @Test func csvOutputDirWritesOneFilePerTable() throws {
        let dir = try Tools.scratch()
        let input = Data((Self.record.serialized() + "\n").utf8)
        let result = try Tools.shell("ux-merge --format csv --output-dir out", stdin: input, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let written = try String(contentsOf: dir.appendingPathComponent("out/a.pdf.p2.t1.csv"), encoding: .utf8)
        #expect(written == "Item,Cost,\r\n\"Pears, \"\"ripe\"\"\",2,a|b\r\n,3,4\r\n")
        let stdout = try Tools.shell("ux-merge --format csv", stdin: input, in: dir)
        #expect(stdout.text == written)
    }

    /// A one-row table of the given cells.
    static func row(_ texts: [String]) -> Table {
        Table(box: Box(x0: 0, y0: 0, x1: 100 * Double(texts.count), y1: 20), rows: 1, cols: texts.count, kind: .ruled,
              cells: texts.enumerated().map { n, text in
                  TableCell(row: 0, col: n, box: Box(x0: 100 * Double(n), y0: 0, x1: 100 * Double(n + 1), y1: 20), text: text)
              })
    }

    static func record(with table: Table) -> PageRecord {
        var record = PageRecord(doc: "f.pdf", source: "pdf", page: 1, pageCount: 1, selected: 1)
        record["width"] = .double(612)
        record["height"] = .double(792)
        record["tables"] = .array([table.json])
        return record
    }

    @Test func csvNeverWritesANulByte() throws {
        let csv = CSVFormat.csv(Self.row(["a\u{0}b", "\u{0}"]))
        #expect(!csv.contains(0))
        #expect(String(decoding: csv, as: UTF8.self) == "a\u{FFFD}b,\u{FFFD}\r\n")
        let dir = try Tools.scratch()
        let input = Data((Self.record(with: Self.row(["a\u{0}b"])).serialized() + "\n").utf8)
        let result = try Tools.shell("ux-merge --format csv", stdin: input, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains(0))
    }

    /// Cells that a spreadsheet would read as formulas: kept as they are by default (the data is
    /// exact), written as text with `--csv-formulas escape`.
    static let formulaCells = ["=1+2", "+1", "-5", "@SUM(A1)", "\tx", "\rx", "a=b", "", "x"]

    @Test func csvKeepsFormulaLikeCellsByDefault() throws {
        let dir = try Tools.scratch()
        let input = Data((Self.record(with: Self.row(Self.formulaCells)).serialized() + "\n").utf8)
        let result = try Tools.shell("ux-merge --format csv", stdin: input, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text == "=1+2,+1,-5,@SUM(A1),\tx,\"\rx\",a=b,,x\r\n")
    }

    @Test func csvFormulasEscapeMakesThemText() throws {
        let dir = try Tools.scratch()
        let input = Data((Self.record(with: Self.row(Self.formulaCells + ["=\"q\",x"])).serialized() + "\n").utf8)
        let result = try Tools.shell("ux-merge --format csv --csv-formulas escape", stdin: input, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text == "\"'=1+2\",\"'+1\",\"'-5\",\"'@SUM(A1)\",\"'\tx\",\"'\rx\",a=b,,x,\"'=\"\"q\"\",x\"\r\n")
        let other = try Tools.shell("ux-merge --format text --csv-formulas escape", stdin: Data(), in: dir)
        #expect(other.status == 64)
        #expect(other.stderr.contains("--csv-formulas"))
    }

    @Test func unitConversionScalesTableBoxes() {
        let converted = Self.record.converting(to: .in)
        let table = converted.tables![0]
        #expect(abs(table.box.x1 - 260.0 / 72) < 0.01)
        #expect(abs(table.cells[1].box.x0 - 150.0 / 72) < 0.01)
    }

    @Test func hocrCarriesTheTableWithSpans() {
        let out = String(decoding: HOCRFormat().page(Self.record), as: UTF8.self)
        #expect(out.contains("<table class='ocr_table' id='table_2_1' title='bbox 70 95 260 135'>"))
        #expect(out.contains("<td class='ocr_cell' title='bbox 150 95 260 115' colspan='2'>Cost</td>"))
        #expect(out.contains("<td class='ocr_cell' title='bbox 70 115 150 125'>Pears, &quot;ripe&quot;</td>"))
    }

    @Test func grepNamesTheCellAHitLiesIn() throws {
        var record = Self.record
        record["words"] = .array([TextSpan(text: "Pears,", box: Box(x0: 72, y0: 116, x1: 100, y1: 124)).jsonForTest,
                                  TextSpan(text: "Prices", box: Box(x0: 72, y0: 60, x1: 120, y1: 72)).jsonForTest])
        let result = try Tools.shell("ux-grep -i pears", stdin: Data((record.serialized() + "\n").utf8))
        let hit = try #require(result.records.first)
        #expect(hit["cell"] == .object(JSONObject([("table", .int(0)), ("row", .int(1)), ("col", .int(0))])))
        let outside = try Tools.shell("ux-grep Prices", stdin: Data((record.serialized() + "\n").utf8))
        #expect(outside.records.first?["cell"] == nil && outside.records.count == 1)
    }
}

extension TextSpan {
    var jsonForTest: JSONValue { .object(JSONObject([("text", .string(text)), ("box", box.json)])) }
}

@Suite struct HostileTableRecordTests {
    /// Tables in a record are input: huge sizes and spans must neither trap nor exhaust memory.
    @Test func hugeOrOverflowingTablesAreRefusedOrBounded() {
        func record(_ table: String) -> PageRecord {
            var r = PageRecord(doc: "a.pdf", source: "pdf", page: 1, pageCount: 1, selected: 1)
            r["tables"] = try! JSONValue.parse("[\(table)]")
            return r
        }
        let huge = record(#"{"box":[0,0,1,1],"rows":100000,"cols":10000,"kind":"ruled","cells":[]}"#)
        #expect(huge.tables?.isEmpty == true)
        let spans = record(#"{"box":[0,0,1,1],"rows":2,"cols":2,"kind":"ruled","cells":[{"row":0,"col":0,"rowspan":9223372036854775807,"colspan":9223372036854775807,"box":[0,0,1,1],"text":"x"}]}"#)
        let table = spans.tables?.first
        #expect(table?.cells.first?.rowspan == Table.mostRows)
        for format in DocumentFormats.all { _ = format.page(spans) }
        #expect(String(decoding: CSVFormat.csv(table!), as: UTF8.self) == "x,\r\n,\r\n")
    }
}
