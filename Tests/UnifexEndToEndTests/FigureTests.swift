import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// Pictures: ux-table records the images a page draws, ux-layout makes them figures with their
/// captions, ux-merge's Markdown marks where they stand.
@Suite struct FigureTests {
    /// A page of Helvetica: a paragraph, a picture (an inline grey image, 228 × 200 points), its
    /// caption, another paragraph.
    static func page() -> Data {
        let before = (0..<4).map { "(The paragraph before the picture, line \($0) of it.) Tj 0 -14 Td" }.joined(separator: " ")
        let after = (0..<4).map { "(The paragraph after the picture, line \($0) of it.) Tj 0 -14 Td" }.joined(separator: " ")
        var content = Array("BT /F1 11 Tf 72 720 Td \(before) ET\n".utf8)
        content += Array("q 228 0 0 200 72 450 cm BI /W 2 /H 2 /BPC 8 /CS /G ID ".utf8) + [0x20, 0x80, 0xE0, 0x40]
            + Array(" EI Q\n".utf8)
        content += Array("BT /F1 11 Tf 72 432 Td (Figure 1: A grey square.) Tj ET\n".utf8)
        content += Array("BT /F1 11 Tf 72 400 Td \(after) ET".utf8)
        return ContentStreamTests.pdf(content: content, fonts: ["Helvetica"])
    }

    @Test func aPictureIsAFigureWithItsCaptionAndMarkdownMarksIt() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.page().write(to: dir.appendingPathComponent("figure.pdf"))
        let table = try Tools.shell("ux-split figure.pdf | ux-text | ux-table", in: dir, timeout: 60)
        #expect(table.status == 0, "\(table.stderr)")
        let record = try #require(table.records.first.map { PageRecord(object: $0) })
        #expect(record.images == [Box(x0: 72, y0: 142, x1: 300, y1: 342)], "\(record)")

        let laid = try Tools.shell("ux-layout", stdin: table.stdout, in: dir, timeout: 60)
        let blocks = try #require(laid.records.first.map { PageRecord(object: $0) }?.blocks)
        #expect(blocks.map(\.kind) == [.paragraph, .figure, .caption, .paragraph], "\(blocks)")
        #expect(blocks[1].caption == 2)
        let md = try Tools.shell("ux-merge --format markdown", stdin: laid.stdout, in: dir, timeout: 60)
        #expect(md.text.contains("line 3 of it.\n\n<!-- image -->\n\nFigure 1: A grey square.\n\nThe paragraph after"), "\(md.text)")
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schema/validate.py").path
        let checked = try Tools.shell("python3 '\(schema)' --schema page", stdin: laid.stdout)
        #expect(checked.status == 0, "\(checked.text)\(checked.stderr)")
    }

    /// A line chart drawn with lines and a curve between two paragraphs: axes, a polyline, a
    /// marker, tick labels, its caption.
    static func chart() -> Data {
        let before = (0..<4).map { "(The paragraph before the chart, line \($0) of it.) Tj 0 -14 Td" }.joined(separator: " ")
        let after = (0..<4).map { "(The paragraph after the chart, line \($0) of it.) Tj 0 -14 Td" }.joined(separator: " ")
        var content = "BT /F1 11 Tf 72 720 Td \(before) ET\n"
        content += "1 w 90 450 m 300 450 l S 90 450 m 90 620 l S\n"
        content += "90 460 m 130 520 l 170 500 l 210 580 l 250 560 l 290 610 l S\n"
        content += "210 580 m 214 586 220 586 224 580 c 220 574 214 574 210 580 c f\n"
        content += "BT /F1 8 Tf 78 447 Td (0) Tj ET BT /F1 8 Tf 74 532 Td (50) Tj ET BT /F1 8 Tf 70 612 Td (100) Tj ET\n"
        content += "BT /F1 8 Tf 120 440 Td (2019) Tj ET BT /F1 8 Tf 240 440 Td (2020) Tj ET\n"
        content += "BT /F1 11 Tf 72 412 Td (Figure 2: Sales by year.) Tj ET\n"
        content += "BT /F1 11 Tf 72 380 Td \(after) ET"
        return ContentStreamTests.pdf(content: Array(content.utf8), fonts: ["Helvetica"])
    }

    @Test func aChartDrawnWithLinesIsAFigureWithItsLabels() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.chart().write(to: dir.appendingPathComponent("chart.pdf"))
        let laid = try Tools.shell("ux-split chart.pdf | ux-text | ux-table | ux-layout", in: dir, timeout: 60)
        #expect(laid.status == 0, "\(laid.stderr)")
        let record = try #require(laid.records.first.map { PageRecord(object: $0) })
        let drawing = try #require(record.drawings.first, "\(record)")
        // The chart's lines (x 90-300, y 792-620 to 792-450), not the page or a paragraph.
        #expect(drawing.x0 >= 80 && drawing.x0 <= 92 && drawing.x1 >= 290 && drawing.x1 <= 310, "\(drawing)")
        #expect(drawing.y0 >= 165 && drawing.y0 <= 182 && drawing.y1 >= 338 && drawing.y1 <= 350, "\(drawing)")
        let blocks = try #require(record.blocks)
        #expect(blocks.map(\.kind) == [.paragraph, .figure, .caption, .paragraph], "\(blocks.map { ($0.kind, $0.text) })")
        #expect(blocks.count == 4 && blocks[1].caption == 2)
        // The tick labels belong to the picture: they are not text of the page's body.
        let md = try Tools.shell("ux-merge --format markdown", stdin: laid.stdout, in: dir, timeout: 60)
        #expect(md.text.contains("line 3 of it.\n\n<!-- image -->\n\nFigure 2: Sales by year.\n\nThe paragraph after"), "\(md.text)")
        #expect(!md.text.contains("2019") && !md.text.contains("100"), "\(md.text)")
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schema/validate.py").path
        let checked = try Tools.shell("python3 '\(schema)' --schema page", stdin: laid.stdout)
        #expect(checked.status == 0, "\(checked.text)\(checked.stderr)")
    }

    /// A scanned book's page whose text is set around an illustration: every line of the text
    /// column is prose (a paragraph's one-word last line beside the picture is no label of it;
    /// lines starting at the picture's edge are not indented list items).
    @Test(.needsCorpus) func textSetAroundAScannedIllustrationIsProse() throws {
        let scan = Tools.corpus.appendingPathComponent("scanned/ocrmypdf-c02-22.pdf").path
        let result = try Tools.shell("ux-split '\(scan)' | ux-ocr | ux-table | ux-layout")
        #expect(result.status == 0, "\(result.stderr)")
        let blocks = try #require(result.records.first?["blocks"]?.arrayValue).compactMap(\.objectValue)
        let kinds = blocks.compactMap { $0["kind"]?.stringValue }
        #expect(kinds.contains("figure"), "\(kinds)")
        #expect(!kinds.contains("list_item"), "\(kinds)")
        let prose = blocks.filter { $0["kind"]?.stringValue != "figure" }.compactMap { $0["text"]?.stringValue }.joined(separator: " ")
        #expect(prose.contains("Then he says,"), "\(prose)")
        // The first line, beside the drop cap, starts the paragraph; no body line is a heading.
        #expect(prose.contains("We went tip-toeing along a path amongst the trees back"), "\(prose)")
        #expect(!kinds.contains("heading"), "\(kinds)")
    }

    /// A scanned brochure in two columns over a list across the page: its lead paragraph is one
    /// paragraph (not headings of half sentences), no sentence is a heading, the heading under
    /// both columns heads the list, each item keeps its second line, and the telephone number
    /// keeps its area code.
    @Test(.needsCorpus) func aScannedBrochureReadsAsItsStructure() throws {
        let scan = Tools.corpus.appendingPathComponent("scanned/ocrmypdf-linn.pdf").path
        let result = try Tools.shell("ux-split '\(scan)' | ux-ocr | ux-table | ux-layout | ux-merge --format markdown")
        #expect(result.status == 0, "\(result.stderr)")
        let markdown = result.text
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("#") }
        #expect(!headings.contains { $0.hasSuffix(".") }, "\(headings)")
        #expect(markdown.contains("professional musician. It is extremely powerful"), "\(markdown)")
        #expect(markdown.contains("### Additional Features\n\n- Simple, easy to learn operation"), "\(markdown)")
        #expect(markdown.contains("guides you through all operations. If needed, the HELP button"), "\(markdown)")
        #expect(markdown.contains("(818) 708-8131"), "\(markdown)")
    }
}
