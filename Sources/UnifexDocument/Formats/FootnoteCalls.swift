public import UnifexCore

/// Where a page's text calls its footnotes: the footnote's number set against the word before it
/// (`the threshold,11 the`), found once on the page. Markdown writes `[^11]` there, so the footnote
/// written as `[^11]:` is shown; a number found nowhere, or in more than one place, calls nothing.
struct FootnoteCalls {
    /// The labels called, and for each block the labels called in it.
    private(set) var called: Set<String> = []
    private var inBlock: [Int: [String]] = [:]

    init(_ blocks: [Block]) {
        // Numbers of up to three digits: a footnote's own number, not a year.
        let labels = blocks.filter { $0.kind == .footnote }.compactMap { MarkdownBlocks.footnoteNumber($0.text) }.filter { $0.count <= 3 }
        guard !labels.isEmpty else { return }
        let text = blocks.indices.filter { [.paragraph, .listItem, .caption].contains(blocks[$0].kind) }
        for label in Set(labels) where labels.filter({ $0 == label }).count == 1 {
            let places = text.filter { !Self.calls(of: label, in: blocks[$0].text).isEmpty }
            guard places.count == 1, Self.calls(of: label, in: blocks[places[0]].text).count == 1 else { continue }
            called.insert(label)
            inBlock[places[0], default: []].append(label)
        }
    }

    /// `text` (block `index`'s as written) with its footnote calls as `[^n]`.
    func marked(_ text: String, block index: Int) -> String {
        guard let labels = inBlock[index] else { return text }
        var out = text
        for label in labels {
            guard let range = Self.calls(of: label, in: out).first else { continue }
            out.replaceSubrange(range, with: "[^\(label)]")
        }
        return out
    }

    /// The places `label` stands as a call: right after a lowercase letter or a closing mark, and
    /// before a space, a mark or the end (not a figure within a number, `A320`, or one standing
    /// alone, `page 11`).
    static func calls(of label: String, in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var from = text.startIndex
        while let range = text.range(of: label, range: from..<text.endIndex) {
            from = range.upperBound
            guard range.lowerBound > text.startIndex else { continue }
            let before = text[text.index(before: range.lowerBound)]
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
            let calledAfter = before.isLowercase || ",.;:)”’\"".contains(before)
            let ends = after.isWhitespace || ",.;:)".contains(after)
            if calledAfter, ends { found.append(range) }
        }
        return found
    }
}
