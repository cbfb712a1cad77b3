import Foundation
import Testing
import UnifexCore

/// Check boxes before the options of a scanned form: tesseract reads no character for them, so
/// ux-ocr gives each a word of its own (`☐`, or `☒` when marked) leading its line.
@Suite struct CheckboxTests {
    static let options = ["Fewer than ten people", "Between ten and fifty", "More than fifty people", "Nobody at all"]

    /// Four options at 14 pt, the first three with a square before them (the second marked with
    /// a cross), the last without; drawn with `square` for each box.
    static func form(ground: String, square: (Double, Double, Bool) -> String) -> String {
        let lines = options.enumerated().map { i, text in
            #"{"x":100,"y":\#(150 + Double(i) * 40),"size":14,"text":"\#(text)"}"#
        }
        let boxes = (0..<3).map { i in square(80, 150 + Double(i) * 40, i == 1) }
        let rules = ([ground] + boxes).filter { !$0.isEmpty }.joined(separator: ",")
        return #"""
            {"pages":[{"width":420,"height":360,"image":true,"lines":[\#(lines.joined(separator: ","))],
                       "rules":[\#(rules)]},
                      {"width":420,"height":100,"image":true,"lines":[{"x":40,"y":50,"size":14,"text":"Only words here"}]}]}
            """#
    }

    /// An 11 pt square outline whose bottom sits on the baseline `y`, crossed when `marked`.
    static func outline(_ x: Double, _ y: Double, _ marked: Bool) -> String {
        let (l, t, r, b) = (x, y - 11, x + 11, y)
        var sides = [(l, t, r, t), (r, t, r, b), (r, b, l, b), (l, b, l, t)]
        if marked { sides += [(l + 2, t + 2, r - 2, b - 2), (l + 2, b - 2, r - 2, t + 2)] }
        return sides.map { #"{"x0":\#($0.0),"y0":\#($0.1),"x1":\#($0.2),"y1":\#($0.3),"width":1.2}"# }.joined(separator: ",")
    }

    /// An 11 pt white square on the tinted ground (never marked: a tick would be drawn in ink).
    static func blank(_ x: Double, _ y: Double, _ marked: Bool) -> String {
        #"{"x0":\#(x),"y0":\#(y - 11),"x1":\#(x + 11),"y1":\#(y),"filled":true,"grey":1}"#
    }

    func markdown(_ spec: String) throws -> (records: [JSONObject], markdown: String) {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (pdf, _) = try Tools.fixture(spec, name: "form.pdf", in: dir)
        let records = try Tools.shell("ux-split '\(pdf.path)' | ux-ocr -j2", in: dir)
        #expect(records.status == 0, "\(records.stderr)")
        let markdown = try Tools.shell("ux-layout | ux-merge --format markdown", stdin: records.stdout)
        #expect(markdown.status == 0, "\(markdown.stderr)")
        return (records.records, markdown.text)
    }

    @Test func outlinedBoxesLeadTheirOptions() throws {
        let (records, markdown) = try markdown(Self.form(ground: "", square: Self.outline))
        let lines = records[0]["lines"]?.arrayValue?.compactMap { TextSpan($0) }.map(\.text) ?? []
        #expect(lines == ["☐ Fewer than ten people", "☒ Between ten and fifty", "☐ More than fifty people", "Nobody at all"],
                "\(lines)")
        let words = records[0]["words"]?.arrayValue?.compactMap { TextSpan($0) } ?? []
        let first = try #require(words.first)
        // The box's own word, where the square is: about 80-91 pt across.
        #expect(first.text == "☐" && abs(first.box.x0 - 80) < 2 && abs(first.box.x1 - 91) < 2, "\(first)")
        #expect(records[0]["text"]?.stringValue?.hasPrefix("☐ Fewer than ten people\n") == true)
        #expect(markdown.contains("- [ ] Fewer than ten people\n- [x] Between ten and fifty\n- [ ] More than fifty people"),
                "\(markdown)")
        // A page without boxes is read as before.
        #expect(records[1]["text"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines) == "Only words here")
    }

    @Test func blankBoxesOnATintedGroundLeadTheirOptions() throws {
        let ground = #"{"x0":0,"y0":0,"x1":420,"y1":360,"filled":true,"grey":0.82}"#
        let (records, markdown) = try markdown(Self.form(ground: ground, square: Self.blank))
        let lines = records[0]["lines"]?.arrayValue?.compactMap { TextSpan($0) }.map(\.text) ?? []
        #expect(lines == ["☐ Fewer than ten people", "☐ Between ten and fifty", "☐ More than fifty people", "Nobody at all"],
                "\(lines)")
        #expect(markdown.contains("- [ ] Fewer than ten people\n- [ ] Between ten and fifty\n- [ ] More than fifty people"),
                "\(markdown)")
    }
}
