public import UnifexCore
/// Tesseract's TSV columns: level, page_num, block_num, par_num, line_num, word_num, left, top,
/// width, height, conf, text; one row per page, block, paragraph, line and word.
public struct TSVFormat: DocumentFormat {
    public init() {}
    public var name: String { "tsv" }
    public var fileExtension: String { "tsv" }
    public var writesCoordinates: Bool { true }

    public func prefix(_ header: JSONObject) -> [UInt8] {
        Array("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n".utf8)
    }

    public func page(_ record: PageRecord) -> [UInt8] {
        let page = record.page ?? 0
        let layout = PageLayout(record: record)
        let px = record["unit"]?.stringValue == CoordinateUnit.px.rawValue
        func n(_ v: Double) -> String { px ? String(Int(saturating: v)) : formatNumber(v) }
        func row(_ level: Int, _ block: Int, _ par: Int, _ line: Int, _ word: Int, _ box: Box, _ conf: String, _ text: String) -> String {
            "\(level)\t\(page)\t\(block)\t\(par)\t\(line)\t\(word)\t\(n(box.x0))\t\(n(box.y0))\t\(n(box.width))\t\(n(box.height))\t\(conf)\t\(text)\n"
        }
        let width = record["width"]?.doubleValue ?? 0, height = record["height"]?.doubleValue ?? 0
        var out = row(1, 0, 0, 0, 0, Box(x0: 0, y0: 0, x1: width, y1: height), "-1", "")
        for (b, paragraph) in layout.paragraphs.enumerated() {
            out += row(2, b + 1, 0, 0, 0, paragraph.box, "-1", "")
            out += row(3, b + 1, 1, 0, 0, paragraph.box, "-1", "")
            for (l, line) in paragraph.lines.enumerated() {
                out += row(4, b + 1, 1, l + 1, 0, line.span.box, "-1", "")
                for (w, word) in line.words.enumerated() {
                    let conf = word.confidence.map { formatNumber($0 * 100) } ?? "-1"
                    out += row(5, b + 1, 1, l + 1, w + 1, word.box, conf, Self.field(word.text))
                }
            }
        }
        return Array(out.utf8)
    }

    /// A TSV field holds no tab and no line break: either would shift or split the row.
    static func field(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { ["\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) ? " " : $0 }))
    }
}
