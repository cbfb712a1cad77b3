import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// Words set in bold or italic inside a line: ux-text says so on each word, ux-layout writes the
/// block's Markdown with them marked.
@Suite struct EmphasisTests {
    static func page() -> Data {
        let lines = [
            "/F1 11 Tf (A paragraph with ) Tj /F2 11 Tf (two bold) Tj /F1 11 Tf ( words and one ) Tj /F3 11 Tf (slanted) Tj /F1 11 Tf ( one) Tj",
            "/F1 11 Tf (that goes on for a second line of plain words to the end.) Tj",
        ]
        let body = lines.enumerated().map { i, l in "1 0 0 1 72 \(700 - 14 * i) Tm \(l)" }.joined(separator: " ")
        let content = Array("BT /F2 14 Tf 1 0 0 1 72 740 Tm (A Bold Heading) Tj \(body) ET".utf8)
        return ContentStreamTests.pdf(content: content, fonts: ["Helvetica", "Helvetica-Bold", "Helvetica-Oblique"])
    }

    @Test func wordsSetApartAreMarkedOnTheWordAndInTheMarkdown() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.page().write(to: dir.appendingPathComponent("em.pdf"))
        let text = try Tools.shell("ux-split em.pdf | ux-text", in: dir, timeout: 60)
        #expect(text.status == 0, "\(text.stderr)")
        let words = (try #require(text.records.first)["words"]?.arrayValue ?? []).compactMap { TextSpan($0) }
        let styled = words.filter { !$0.emphasis.isEmpty }.map { "\($0.text):\($0.emphasis == .bold ? "b" : "i")" }
        #expect(styled == ["A:b", "Bold:b", "Heading:b", "two:b", "bold:b", "slanted:i"], "\(styled)")

        let md = try Tools.shell("ux-layout | ux-merge --format markdown", stdin: text.stdout, in: dir, timeout: 60)
        #expect(md.status == 0, "\(md.stderr)")
        // The heading is bold as a whole: it is a heading, not marked; the paragraph's words are.
        #expect(md.text.contains("A Bold Heading\n") && !md.text.contains("**A Bold"), "\(md.text)")
        #expect(md.text.contains("A paragraph with **two bold** words and one *slanted* one that goes on for a second line of plain words to the end.\n"),
                "\(md.text)")
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schema/validate.py").path
        let laid = try Tools.shell("ux-layout", stdin: text.stdout, in: dir, timeout: 60)
        let checked = try Tools.shell("python3 '\(schema)' --schema page", stdin: laid.stdout)
        #expect(checked.status == 0, "\(checked.text)\(checked.stderr)")
    }
}
