import UnifexCore

/// A block's text as Markdown with the emphasis inside it: runs of bold words in `**`, italic
/// ones in `*`, both in `***`, where the block as a whole is not so set (a bold heading's words
/// are not marked). From the text layer's words; a line whose words do not spell its text (poppler
/// joined them otherwise) is written plain. A paragraph starting like Markdown syntax has its first
/// character escaped, as `MarkdownEscape.start` does for plain text.
enum Emphasized {
    /// The Markdown, or nil when nothing in the block is set apart.
    static func markdown(_ group: LineGroup, dropping marker: String? = nil, words: Words) -> String? {
        var marked: Emphasis = []
        if !group.allBold { marked.insert(.bold) }
        if !group.allItalic { marked.insert(.italic) }
        guard !marked.isEmpty else { return nil }
        var any = false
        var lines: [String] = []
        for (n, fragment) in group.fragments.enumerated() {
            var spans = fragment.spans
            // A list item's marker is not part of its text.
            let lead = n == 0 ? marker : nil
            if let lead {
                guard spans.first?.text == lead else { return nil }
                spans.removeFirst()
            }
            guard !spans.isEmpty, spelled(spans, fragment.text, marker: lead) else {
                lines.append(lead.map { String(fragment.text.dropFirst($0.count)).trimmingWhitespace() } ?? fragment.text)
                continue
            }
            var line = ""
            var i = 0
            while i < spans.count {
                let style = spans[i].emphasis.intersection(marked)
                var j = i + 1
                while j < spans.count, spans[j].emphasis.intersection(marked) == style { j += 1 }
                let run = spans[i..<j].map(\.text).joined(separator: " ")
                let fence = (style.contains(.bold) ? "**" : "") + (style.contains(.italic) ? "*" : "")
                if !fence.isEmpty { any = true }
                // Plain text that starts the block like Markdown syntax is escaped, as elsewhere.
                let shown = fence.isEmpty && lines.isEmpty && line.isEmpty ? MarkdownEscape.start(run) : run
                line += (line.isEmpty ? "" : " ") + fence + shown + fence
                i = j
            }
            lines.append(line)
        }
        guard any else { return nil }
        return TextJoin.join(lines, words: words)
    }

    /// Whether the words, a space apart, are the line's text (the marker before them, on an item).
    static func spelled(_ spans: [TextSpan], _ text: String, marker: String?) -> Bool {
        let words = spans.map(\.text).joined(separator: " ")
        let line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line == (marker.map { $0 + " " } ?? "") + words
    }
}
