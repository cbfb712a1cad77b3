import Foundation
import Testing
@testable import UnifexDocument
import UnifexCore

/// Markdown written from ux-layout's blocks and ux-table's tables: nothing a page holds is lost.
@Suite struct MarkdownFormatTests {
    static func page(_ blocks: [Block], tables: [Table] = [], page: Int = 1) -> PageRecord {
        var record = PageRecord(doc: "a.pdf", source: "pdf", page: page, pageCount: 9, selected: 9)
        record["width"] = .double(612)
        record["height"] = .double(792)
        record["blocks"] = .array(blocks.map(\.json))
        record["tables"] = .array(tables.map(\.json))
        return record
    }

    static func item(_ marker: String, _ text: String) -> Block {
        Block(kind: .listItem, box: Box(x0: 72, y0: 100, x1: 300, y1: 110), text: text, lines: [], marker: marker, depth: 0)
    }

    @Test func listItemsKeepEveryMarkerMarkdownHasNoSyntaxFor() {
        let markers = ["(g)", "(1)", "(e)", "iv.", "a)", "(818)", "A.", "*x_"]
        let out = MarkdownFormat().markdown(Self.page(markers.map { Self.item($0, "text") }))
        #expect(out == """
            - (g) text
            - (1) text
            - (e) text
            - iv. text
            - a) text
            - (818) text
            - A. text
            - \\*x\\_ text


            """)
    }

    @Test func bulletsNumbersAndCheckBoxesAreMarkdownsOwn() {
        let markers = ["•", "◦", "-", "*", "¢", "\u{F0B7}", "", "3.", "12)", "☐", "☑"]
        let out = MarkdownFormat().markdown(Self.page(markers.map { Self.item($0, "text") }))
        #expect(out == "- text\n- text\n- text\n- text\n- text\n- text\n- text\n3. text\n12) text\n- [ ] text\n- [x] text\n\n")
    }

    static func cell(_ row: Int, _ col: Int, _ text: String, rowspan: Int = 1, colspan: Int = 1) -> TableCell {
        TableCell(row: row, col: col, rowspan: rowspan, colspan: colspan,
                  box: Box(x0: Double(col) * 100, y0: Double(row) * 20, x1: Double(col + colspan) * 100, y1: Double(row + rowspan) * 20), text: text)
    }

    static func tableBlock(_ index: Int) -> Block {
        Block(kind: .table, box: Box(x0: 0, y0: 0, x1: 300, y1: 80), text: "", lines: [], table: index)
    }

    @Test func headerRowsOfDistinctCellsOfOneTextKeepEachCell() {
        // Two header rows beside an empty cell spanning both: each row has its own date and its own
        // (equal) address, and neither address may be lost.
        let table = Table(box: Box(x0: 0, y0: 0, x1: 300, y1: 80), rows: 3, cols: 3, kind: .ruled, cells: [
            Self.cell(0, 0, "", rowspan: 2), Self.cell(0, 1, "15 Jan"), Self.cell(0, 2, "www.example.com"),
            Self.cell(1, 1, "10 Apr"), Self.cell(1, 2, "www.example.com"),
            Self.cell(2, 0, "Suits"), Self.cell(2, 1, "7 Jul"), Self.cell(2, 2, "www.example.com"),
        ], headerRows: 2)
        let out = MarkdownFormat().markdown(Self.page([Self.tableBlock(0)], tables: [table]))
        #expect(out == """
            |  | 15 Jan 10 Apr | www.example.com www.example.com |
            | --- | --- | --- |
            | Suits | 7 Jul | www.example.com |


            """)
    }

    @Test func aCellSpanningHeaderRowsIsNamedOnce() {
        let table = Table(box: Box(x0: 0, y0: 0, x1: 300, y1: 60), rows: 3, cols: 3, kind: .ruled, cells: [
            Self.cell(0, 0, "Region", rowspan: 2), Self.cell(0, 1, "Sales", colspan: 2),
            Self.cell(1, 1, "2019"), Self.cell(1, 2, "2020"),
            Self.cell(2, 0, "North"), Self.cell(2, 1, "1"), Self.cell(2, 2, "2"),
        ], headerRows: 2)
        let out = MarkdownFormat().markdown(Self.page([Self.tableBlock(0)], tables: [table]))
        #expect(out.hasPrefix("| Region | Sales 2019 | Sales 2020 |\n| --- | --- | --- |\n| North | 1 | 2 |\n"), "\(out)")
    }

    /// A two-column table at the bottom of page 1 (with its header) going on at the top of page 2
    /// (without one).
    static func splitTable(_ format: any DocumentFormat) throws -> AssembledDocument {
        func table(_ top: Double, _ rows: [[String]], header: Int) -> Table {
            var cells: [TableCell] = []
            for (r, texts) in rows.enumerated() {
                for (c, text) in texts.enumerated() {
                    cells.append(TableCell(row: r, col: c, box: Box(x0: 72 + Double(c) * 200, y0: top + Double(r) * 20,
                                                                    x1: 272 + Double(c) * 200, y1: top + Double(r + 1) * 20), text: text))
                }
            }
            return Table(box: Box(x0: 72, y0: top, x1: 472, y1: top + Double(rows.count) * 20), rows: rows.count, cols: 2,
                         kind: .ruled, cells: cells, headerRows: header)
        }
        var assembler = DocumentAssembler(format: format)
        let first = table(600, [["Date", "Company"], ["07/01/2015", "Maxim"]], header: 1)
        let second = table(72, [["07/17/2015", "Boeing"], ["07/30/2015", "Abbott"]], header: 0)
        var pages = [Self.page([Self.tableBlock(0)], tables: [first], page: 1), Self.page([Self.tableBlock(0)], tables: [second], page: 2)]
        for i in pages.indices { pages[i]["page_count"] = .int(2); pages[i]["selected"] = .int(2) }
        _ = try assembler.add(pages[0])
        return try #require(try assembler.add(pages[1]))
    }

    @Test func aContinuedTableRepeatsTheHeaderOfTheTableItGoesOnWith() throws {
        let out = String(decoding: try Self.splitTable(MarkdownFormat()).bytes(), as: UTF8.self)
        #expect(out == """
            | Date | Company |
            | --- | --- |
            | 07/01/2015 | Maxim |

            | Date | Company |
            | --- | --- |
            | 07/17/2015 | Boeing |
            | 07/30/2015 | Abbott |


            """)
        let chunks = String(decoding: try Self.splitTable(ChunkFormat()).bytes(), as: UTF8.self)
        #expect(!chunks.contains("| 07/17/2015 | Boeing |\\n| --- |"), "\(chunks)")
        #expect(chunks.contains("| Date | Company |\\n| --- | --- |\\n| 07/17/2015 | Boeing |"), "\(chunks)")
    }

    @Test func aContinuedPartAloneHasAnEmptyHeaderNotItsFirstRow() throws {
        var table = Table(box: Box(x0: 72, y0: 72, x1: 472, y1: 112), rows: 2, cols: 2, kind: .ruled, cells: [
            Self.cell(0, 0, "07/17/2015"), Self.cell(0, 1, "Boeing"), Self.cell(1, 0, "07/30/2015"), Self.cell(1, 1, "Abbott"),
        ], headerRows: 0)
        table.continued = true
        let out = MarkdownFormat().markdown(Self.page([Self.tableBlock(0)], tables: [table], page: 2))
        #expect(out == "|  |  |\n| --- | --- |\n| 07/17/2015 | Boeing |\n| 07/30/2015 | Abbott |\n\n")
    }

    /// A footnote is written as a Markdown footnote where the page's text calls it (its number
    /// set against the word before it), and as read where nothing does: a definition no text
    /// calls is not shown.
    @Test func footnotesAreCalledFromTheTextOrWrittenAsRead() {
        func block(_ kind: BlockKind, _ text: String) -> Block {
            Block(kind: kind, box: Box(x0: 72, y0: 100, x1: 300, y1: 110), text: text, lines: [])
        }
        let blocks = [block(.paragraph, "Above the threshold,11 the airplane stalls; see page 12 and the A320."),
                      block(.paragraph, "Nothing calls the second note here."),
                      block(.footnote, "11 Preliminary report, 2019."),
                      block(.footnote, "12 Not called: the page number 12 above stands alone.")]
        let out = MarkdownFormat().markdown(Self.page(blocks))
        #expect(out.contains("Above the threshold,[^11] the airplane stalls; see page 12 and the A320."), "\(out)")
        #expect(out.contains("[^11]: Preliminary report, 2019."), "\(out)")
        #expect(out.contains("\n12 Not called: the page number 12 above stands alone."), "\(out)")
        #expect(!out.contains("[^12]"), "\(out)")
    }

    /// A paragraph that runs over a page joins as its lines do: a word hyphenated across the page
    /// is one word again, a compound keeps its hyphen.
    @Test func aWordHyphenatedAcrossThePageIsOneAgain() throws {
        func paragraph(_ text: String, _ top: Double) -> Block {
            Block(kind: .paragraph, box: Box(x0: 72, y0: top, x1: 540, y1: top + 12), text: text, lines: [])
        }
        var assembler = DocumentAssembler(format: MarkdownFormat())
        var pages = [Self.page([paragraph("Objects’ rep-", 700)], page: 1), Self.page([paragraph("resentations are assigned at run time.", 72)], page: 2)]
        for i in pages.indices { pages[i]["page_count"] = .int(2); pages[i]["selected"] = .int(2) }
        _ = try assembler.add(pages[0])
        let document = try #require(try assembler.add(pages[1]))
        let out = String(decoding: try document.bytes(), as: UTF8.self)
        #expect(out.contains("Objects’ representations are assigned at run time."), "\(out)")
    }
}
