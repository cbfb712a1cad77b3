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
}
