public import UnifexCore
/// Headings and paragraphs from the page layout, in reading order; paragraphs end with a blank
/// line, so pages need no separator of their own.
public struct MarkdownFormat: DocumentFormat {
    public init() {}
    public var name: String { "markdown" }
    public var fileExtension: String { "md" }

    public func page(_ record: PageRecord) -> [UInt8] {
        let layout = PageLayout(record: record)
        var out = ""
        for paragraph in layout.paragraphs {
            var text = ""
            for line in paragraph.lines {
                let piece = line.span.text
                if text.hasSuffix("-"), let first = piece.first, first.isLowercase {
                    text.removeLast()   // a word hyphenated across lines
                } else if !text.isEmpty {
                    text += " "
                }
                text += piece
            }
            let size = paragraph.lines.map { $0.span.box.height }.max() ?? 0
            let typical = max(layout.typicalLineHeight, 0.01)
            if paragraph.lines.count <= 2, size >= 1.8 * typical {
                out += "# " + text + "\n\n"
            } else if paragraph.lines.count <= 2, size >= 1.3 * typical {
                out += "## " + text + "\n\n"
            } else {
                out += Self.escape(text) + "\n\n"
            }
        }
        return Array(out.utf8)
    }

    /// A paragraph that starts like markdown syntax would be read as such.
    static func escape(_ text: String) -> String {
        guard let first = text.first, "#>-*+|".contains(first) else { return text }
        return "\\" + text
    }
}
