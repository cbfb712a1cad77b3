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
}
