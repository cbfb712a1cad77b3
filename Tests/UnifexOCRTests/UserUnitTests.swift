import Foundation
import Testing
import UnifexCore

/// Pages whose user-space unit is not a point (/UserUnit, PDF 1.6) come out at their real size,
/// and are rendered and OCRed at it.
@Suite struct UserUnitTests {
    /// A scan with a line stamped on as real text, on a letter page.
    static let scan = """
        {"pages":[{"width":612,"height":792,"image":true,"lines":[\(OCRToolTests.scanLines)],
                   "stamps":[{"x":400,"y":770,"size":9,"text":"CONFIDENTIAL ABC-000123"}]}]}
        """

    @Test func aPageInUnitsOfTenPointsReadsLikeTheSamePageInPoints() throws {
        let dir = try Tools.scratch()
        let (plain, _) = try Tools.fixture(Self.scan, name: "plain.pdf", in: dir)
        let scaled = dir.appendingPathComponent("userunit.pdf")
        try PDFRewrite.inUserUnits(of: 10, try Data(contentsOf: plain)).write(to: scaled)

        let a = try Tools.shell("ux-split '\(plain.path)' | ux-text --chars | tee a.ndjson | ux-ocr --force", in: dir)
        let b = try Tools.shell("ux-split '\(scaled.path)' | ux-text --chars | tee b.ndjson | ux-ocr --force", in: dir)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        let first = try #require(a.records.first), second = try #require(b.records.first)
        #expect(second["warnings"] == nil, "a sound file: \(second["warnings"] ?? .null)")

        // The box is 61.2 × 79.2 units of 10 points: 612 × 792 points.
        #expect(abs((second["width"]?.doubleValue ?? 0) - 612) < 0.01, "\(second["width"] ?? .null)")
        #expect(abs((second["height"]?.doubleValue ?? 0) - 792) < 0.01)

        // The scan's resolution and its text's height are measured on the real page: the same
        // resolution, the same pixels, the same words in the same places.
        #expect(first.ocr?["dpi_reason"]?.stringValue == "text-height", "\(String(describing: first.ocr))")
        #expect(second.ocr?["dpi"] == first.ocr?["dpi"] && second.ocr?["downscaled"] == nil, "\(String(describing: second.ocr))")
        #expect(second["blank"] == nil)
        #expect(first.words.count >= 15)
        #expect(second.words.map(\.text) == first.words.map(\.text), "\(second["text"] ?? .null)")
        for (x, y) in zip(first.words, second.words) {
            #expect(abs(x.box.x0 - y.box.x0) < 1 && abs(x.box.y1 - y.box.y1) < 1, "\(x.text): \(x.box) vs \(y.box)")
        }

        // The stamped text layer is in real points too, with its real font size.
        func textLayer(_ name: String) throws -> JSONObject {
            let line = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            return try #require(try JSONValue.parse(line).objectValue)
        }
        let layerA = try textLayer("a.ndjson"), layerB = try textLayer("b.ndjson")
        #expect(layerB.words.map(\.text) == ["CONFIDENTIAL", "ABC-000123"])
        #expect(layerB.words.map(\.text) == layerA.words.map(\.text))
        for (x, y) in zip(layerA.words, layerB.words) {
            #expect(abs(x.box.x0 - y.box.x0) < 0.05 && abs(x.box.y0 - y.box.y0) < 0.05 && abs(x.box.x1 - y.box.x1) < 0.05,
                    "\(x.text): \(x.box) vs \(y.box)")
        }
        let size = layerB["chars"]?.arrayValue?.first?.objectValue?["size"]?.doubleValue
        #expect(abs((size ?? 0) - 9) < 0.01, "\(size ?? -1)")
    }
}

/// Byte-level rewrites of cairo's PDFs, as an incremental update (the original bytes untouched, a
/// new version of the changed objects appended), for features cairo cannot write.
enum PDFRewrite {
    struct Failure: Error { var what: String }

    /// The first page drawn in user units of `unit` points: its boxes divided by `unit`, its content
    /// scaled down to match, and /UserUnit set, so that as displayed it is the same page.
    static func inUserUnits(of unit: Double, _ pdf: Data) throws -> Data {
        // One character per byte: the objects looked for are ASCII, the image data in between is not.
        guard let text = String(data: pdf, encoding: .isoLatin1) else { throw Failure(what: "unreadable") }
        func last(_ pattern: String) throws -> String {
            let regex = try NSRegularExpression(pattern: pattern)
            guard let match = regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).last,
                  let range = Range(match.range(at: 1), in: text) else { throw Failure(what: "no \(pattern)") }
            return String(text[range])
        }
        let pageNumber = try last(#"(\d+) 0 obj\s*<< /Type /Page\b"#)
        guard let size = Int(try last(#"/Size (\d+)"#)) else { throw Failure(what: "trailer /Size") }
        let root = try last(#"/Root (\d+ \d+ R)"#), previous = try last(#"startxref\s+(\d+)"#)
        // The page dictionary as cairo wrote it, to change three entries of.
        guard let start = text.range(of: "\(pageNumber) 0 obj"),
              let end = text.range(of: "endobj", range: start.upperBound..<text.endIndex) else { throw Failure(what: "page") }
        var page = String(text[start.upperBound..<end.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
        let box = try NSRegularExpression(pattern: #"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]"#)
        guard let m = box.firstMatch(in: page, range: NSRange(page.startIndex..., in: page)),
              let w = Double(page[Range(m.range(at: 1), in: page)!]), let h = Double(page[Range(m.range(at: 2), in: page)!]),
              let contents = page.range(of: #"/Contents \d+ 0 R"#, options: .regularExpression) else { throw Failure(what: "box") }
        let oldContents = page[contents].dropFirst("/Contents ".count)
        page.replaceSubrange(contents, with: "/Contents [ \(size) 0 R \(oldContents) ]")
        page = box.stringByReplacingMatches(in: page, range: NSRange(page.startIndex..., in: page),
                                            withTemplate: "/MediaBox [ 0 0 \(w / unit) \(h / unit) ]")
        page.removeLast(2)   // ">>"
        page += "/UserUnit \(unit)\n>>"

        var out = pdf
        var offsets: [(Int, Int)] = []
        func append(_ s: String) { out.append(contentsOf: Array(s.utf8)) }
        let scale = "\(1 / unit) 0 0 \(1 / unit) 0 0 cm\n"
        offsets.append((size, out.count))
        append("\(size) 0 obj\n<< /Length \(scale.utf8.count) >>\nstream\n\(scale)endstream\nendobj\n")
        offsets.append((Int(pageNumber)!, out.count))
        append("\(pageNumber) 0 obj\n\(page)\nendobj\n")
        let xref = out.count
        append("xref\n")
        for (number, offset) in offsets.sorted(by: { $0.0 < $1.0 }) {
            append("\(number) 1\n" + String(format: "%010d 00000 n \n", offset))
        }
        append("trailer\n<< /Size \(size + 1) /Root \(root) /Prev \(previous) >>\nstartxref\n\(xref)\n%%EOF\n")
        return out
    }
}
