public import UnifexCore
/// Paragraphs, lines and words of a page, rebuilt from a record's `lines` and `words` (text layer
/// and OCR alike) for the structured output formats.
public struct PageLayout: Sendable {
    public struct Line: Sendable {
        public var span: TextSpan
        public var words: [TextSpan]
    }

    public struct Paragraph: Sendable {
        public var lines: [Line]
        public var box: Box { lines.dropFirst().reduce(lines[0].span.box) { $0.union($1.span.box) } }
    }

    public var paragraphs: [Paragraph]
    /// The median line height on the page (0 when there are no lines).
    public var typicalLineHeight: Double

    public init(words: [TextSpan], lines: [TextSpan]) {
        let attached = zip(lines, TextSpan.words(words, of: lines)).map { Line(span: $0, words: $1) }
        let heights = attached.map { $0.span.box.height }.filter { $0 > 0 }.sorted()
        typicalLineHeight = heights.isEmpty ? 0 : heights[heights.count / 2]

        // A new paragraph starts where the gap to the previous line is larger than a line, the
        // text size changes markedly, the line does not overlap the previous one horizontally,
        // the line is indented (a first line), or the previous line stopped well short of the
        // paragraph's right edge (a last line).
        var paragraphs: [Paragraph] = []
        let typical = max(typicalLineHeight, 1)
        for line in attached {
            if let current = paragraphs.last, let previous = current.lines.last {
                let a = previous.span.box, b = line.span.box
                let gap = b.y0 - a.y1
                let sameSize = abs(a.height - b.height) <= 0.25 * max(a.height, b.height)
                let overlaps = min(a.x1, b.x1) > max(a.x0, b.x0)
                // Headings are often centred: indentation says nothing there.
                let body = b.height <= 1.3 * typical
                let indented = body && b.x0 > a.x0 + 0.6 * typical
                let right = current.lines.map(\.span.box.x1).max() ?? a.x1
                let shortLast = body && current.lines.count > 1 && a.x1 < right - 2.5 * typical
                if gap >= -0.2 * typical, gap < 0.8 * typical, sameSize, overlaps, !indented, !shortLast {
                    paragraphs[paragraphs.count - 1].lines.append(line)
                    continue
                }
            }
            paragraphs.append(Paragraph(lines: [line]))
        }
        self.paragraphs = paragraphs
    }

    public init(record: PageRecord) {
        let text = PageText(record: record)
        self.init(words: text?.words ?? [], lines: text?.lines ?? [])
    }
}
