import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// The PDF's outline (bookmarks): ux-split puts each entry on the record of the page it leads to,
/// and ux-layout makes the lines it names headings at its depth.
@Suite struct OutlineTests {
    /// Two pages of Helvetica 12 whose headings are set like the body, so only the outline tells
    /// them. Outline: `Introduction` (to page 1, at a height) with a child `2: Background` (to page
    /// 2, by a named destination, the page showing `Chapter Two: Background`); the child lists its
    /// parent as its own child, and an entry leads to a page the file does not have.
    static func outlined() -> Data {
        func page(_ contents: Int) -> [UInt8] {
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents \(contents) 0 R /Resources << /Font << /F1 7 0 R >> >> >>".utf8)
        }
        func stream(_ text: String) -> [UInt8] {
            let bytes = Array(text.utf8)
            return Array("<< /Length \(bytes.count) >>\nstream\n".utf8) + bytes + Array("\nendstream".utf8)
        }
        let body = (0..<6).map { "0 -16 Td (A line of the body text that runs across the page, number \($0).) Tj" }.joined(separator: " ")
        return ContentStreamTests.pdf(pages: 2, catalog: "/Outlines 8 0 R /Names << /Dests << /Names [(second) [4 0 R /XYZ 72 700 0]] >> >>", [
            page(5), page(6),
            stream("BT /F1 12 Tf 72 720 Td (Introduction) Tj \(body) ET"),
            stream("BT /F1 12 Tf 72 700 Td (Chapter Two: Background) Tj \(body) ET"),
            Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".utf8),
            Array("<< /Type /Outlines /First 9 0 R /Last 11 0 R /Count 3 >>".utf8),
            Array("<< /Title (Introduction) /Parent 8 0 R /Next 11 0 R /First 10 0 R /Last 10 0 R /Count 1 /Dest [3 0 R /XYZ 72 732 0] >>".utf8),
            Array("<< /Title (2: Background) /Parent 9 0 R /First 9 0 R /Last 9 0 R /Count 1 /Dest (second) >>".utf8),
            Array("<< /Title (Nowhere) /Parent 8 0 R /Prev 9 0 R /Dest [99 0 R /Fit] >>".utf8),
        ])
    }

    @Test func theOutlineRidesOnThePagesItLeadsToAndNamesTheirHeadings() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("outlined.pdf")
        try Self.outlined().write(to: file)
        let split = try Tools.shell("ux-split outlined.pdf", in: dir, timeout: 30)
        #expect(split.status == 0, "\(split.stderr)")
        let pages = split.records.map { PageRecord(object: $0) }
        try #require(pages.count == 2)
        #expect(pages[0].outline == [OutlineEntry(title: "Introduction", level: 1, top: 60)], "\(pages[0])")
        #expect(pages[1].outline == [OutlineEntry(title: "2: Background", level: 2, top: 92)], "\(pages[1])")

        let md = try Tools.shell("ux-split outlined.pdf | ux-text | ux-layout | ux-merge --format markdown", in: dir, timeout: 60)
        #expect(md.status == 0, "\(md.stderr)")
        let headings = md.lines.filter { $0.hasPrefix("#") }
        #expect(headings == ["## Introduction", "### Chapter Two: Background"], "\(md.text)")
        // Without the outline the same lines are the body's.
        let bare = try Tools.shell(#"ux-split outlined.pdf | ux-text | python3 -c 'import sys, json; [print(json.dumps({k: v for k, v in json.loads(l).items() if k != "outline"})) for l in sys.stdin]' | ux-layout | ux-merge --format markdown"#, in: dir, timeout: 60)
        #expect(bare.status == 0 && !bare.text.isEmpty && !bare.text.contains("#"), "\(bare.text)")
    }

    /// The document-level pass gives an unnumbered heading the depth of the numbered ones set in
    /// its font; a heading the outline placed keeps the outline's level.
    @Test func headingsTheOutlinePlacedKeepTheirLevelOverTheDocument() throws {
        func page(_ n: Int, heading: String, level: Int, outline: String) -> String {
            #"{"v":1,"type":"page","doc":"o.pdf","page":\#(n),"page_count":2,"selected":2,"status":"ok","width":612,"height":792,"text":"\#(heading)\nSome body text.\n","lines":[{"text":"\#(heading)","box":[72,100,200,114],"font":{"size":13}},{"text":"Some body text.","box":[72,130,200,142],"font":{"size":12}}],"blocks":[{"kind":"heading","level":\#(level),"box":[72,100,200,114],"text":"\#(heading)","lines":[0]},{"kind":"paragraph","box":[72,130,200,142],"text":"Some body text.","lines":[1]}]\#(outline)}"#
        }
        let records = page(1, heading: "Introduction", level: 1, outline: #","outline":[{"title":"Introduction","level":1}]"#) + "\n"
            + page(2, heading: "2.1 Details", level: 2, outline: "") + "\n"
        let md = try Tools.shell("ux-merge --format markdown", stdin: Data(records.utf8))
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.lines.filter { $0.hasPrefix("#") } == ["## Introduction", "### 2.1 Details"], "\(md.text)")
        // Without the outline, the same font as the numbered `2.1` gives it that depth.
        let bare = try Tools.shell("ux-merge --format markdown", stdin: Data(records.replacingOccurrences(of: #","outline":[{"title":"Introduction","level":1}]"#, with: "").utf8))
        #expect(bare.lines.filter { $0.hasPrefix("#") } == ["### Introduction", "### 2.1 Details"], "\(bare.text)")
    }
}
