public import UnifexCore

/// Blocks as Markdown: `#` for the title and one more per heading level, list items with their
/// markers and nesting, fenced code, footnotes as Markdown footnotes, tables in place, and the
/// running headers and footers left out (the JSON keeps them).
public enum MarkdownBlocks {
    public static func render(_ blocks: [Block], tables: [Table], keepFurniture: Bool = false) -> String {
        pieces(blocks, tables: tables, page: 0, keepFurniture: keepFurniture).map(\.markdown).joined()
    }

    /// Each block's Markdown, with what the document-level pass and chunks need to know of it.
    /// `font`: the font of the record's line at an index, where the page gives one.
    static func pieces(_ blocks: [Block], tables: [Table], page: Int, keepFurniture: Bool = false,
                       font: (Int) -> FontStyle? = { _ in nil }) -> [MarkdownPiece] {
        var pieces: [MarkdownPiece] = []
        var footnote = 0
        let shown = keepFurniture ? blocks : blocks.filter { !$0.kind.isFurniture }
        let body = shown.indices.filter { !shown[$0].kind.isFurniture }
        // The first two and last two blocks of the page's body may be a running header or footer
        // the page alone could not tell: the document's other pages will.
        let top = Set(body.prefix(2)), bottom = Set(body.suffix(2))
        let calls = FootnoteCalls(shown)
        for (i, block) in shown.enumerated() {
            var out = ""
            var table: MarkdownPiece?
            switch block.kind {
            case .pageHeader, .pageFooter:
                out += MarkdownEscape.start(oneLine(block.text)) + "\n\n"
            case .title:
                out += "# " + oneLine(block.text) + "\n\n"
            case .heading:
                out += String(repeating: "#", count: min((block.level ?? 1) + 1, 6)) + " " + oneLine(block.text) + "\n\n"
            case .listItem:
                let indent = String(repeating: "  ", count: min(block.depth ?? 0, 8))
                // A list is tight: its items one per line, a blank line after the last.
                let more = i + 1 < shown.count && shown[i + 1].kind == .listItem
                out += indent + listMarker(block.marker) + " " + calls.marked(oneLine(block.markdown ?? block.text), block: i) + (more ? "\n" : "\n\n")
            case .code:
                let fence = block.text.contains("```") ? "~~~~" : "```"
                out += fence + "\n" + block.text + "\n" + fence + "\n\n"
            case .footnote:
                footnote += 1
                let (label, text) = footnoteLabel(block.text, fallback: footnote)
                // A definition no text calls is left out where Markdown is shown: such a footnote
                // is written as read.
                out += calls.called.contains(label) ? "[^\(label)]: " + oneLine(text) + "\n\n"
                    : MarkdownEscape.start(oneLine(block.text)) + "\n\n"
            case .table:
                if let index = block.table, index < tables.count {
                    table = MarkdownPiece.table(tables[index], page: page)
                    out += table?.markdown ?? ""
                }
            case .figure:
                out += "<!-- image -->\n\n"
            case .paragraph, .caption, .formula:
                let text = oneLine(block.text)
                if !text.isEmpty { out += calls.marked(block.markdown.map(oneLine) ?? MarkdownEscape.start(text), block: i) + "\n\n" }
            }
            var piece = MarkdownPiece(markdown: out)
            piece.kind = block.kind
            piece.level = block.kind == .heading ? block.level ?? 1 : 0
            if block.kind == .heading, let line = block.lines.first, let style = font(line), style.size.isFinite {
                piece.style = "\((style.size * 2).rounded() / 2)|\(style.bold ? "b" : "")\(style.italic ? "i" : "")"
            }
            piece.places = [PiecePlace(page: page, box: block.box)]
            piece.tableHeader = table?.tableHeader ?? ""
            piece.headless = table?.headless ?? false
            // A running header or footer is text: never a table, code, a picture or its caption.
            if ![.table, .code, .figure, .caption].contains(block.kind) && !block.kind.isFurniture {
                piece.edge = top.contains(i) ? .top : bottom.contains(i) ? .bottom : .none
                piece.key = MarkdownPiece.key(block.text)
            }
            if block.kind == .paragraph {
                let text = block.text.trimmingWhitespace()
                piece.goesOn = !text.isEmpty && !(text.last.map { ".:!?。！？\"”)".contains($0) } ?? true)
                piece.goesOnFromBefore = text.first?.isLowercase ?? false
            }
            pieces.append(piece)
        }
        return pieces
    }

    /// Numbered markers as Markdown writes them (`3.`, `3)`), check boxes as task-list items
    /// (`- [ ]`, `- [x]`), bullets as `-`. Any other enumerator (`(g)`, `iv.`, `a)`, `(1)`) is text the
    /// document cites (`paragraph (g)`) that Markdown has no list syntax for: it stays, after a `-`.
    static func listMarker(_ marker: String?) -> String {
        if marker == "☐" { return "- [ ]" }
        if marker == "☑" || marker == "☒" { return "- [x]" }
        guard let marker, isEnumerator(marker) else { return "-" }
        if let last = marker.last, ".)".contains(last), marker.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }),
           marker.count >= 2, marker.count <= 10 {
            return marker
        }
        return "- " + escapeInline(marker)
    }

    /// A marker that enumerates, made of letters or digits: not a bullet, which is a sign, nor a
    /// symbol font's glyph beside a stray letter.
    static func isEnumerator(_ marker: String) -> Bool {
        marker.contains { $0.isLetter || $0.isNumber } && !marker.unicodeScalars.contains {
            switch $0.properties.generalCategory {
            case .privateUse, .control, .unassigned, .otherSymbol: return true
            default: return false
            }
        }
    }

    /// Text inside a line, each character Markdown could read as emphasis, code, a link or markup escaped.
    static func escapeInline(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "\\`*_[]<>#!|~&".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// A footnote's own number or mark as its label, and its text after it.
    static func footnoteLabel(_ text: String, fallback: Int) -> (String, String) {
        if let digits = footnoteNumber(text) {
            return (digits, String(text.dropFirst(digits.count).drop { $0 == " " || $0 == ")" || $0 == "." }))
        }
        return (String(fallback), text)
    }

    /// The number a footnote starts with (one to four digits), if it has one.
    static func footnoteNumber(_ text: String) -> String? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty || digits.count > 4 ? nil : String(digits)
    }

    /// Text on one line: a block's own line breaks would end the Markdown element early.
    static func oneLine(_ text: String) -> String {
        text.contains(where: \.isNewline) ? text.split(whereSeparator: \.isNewline).joined(separator: " ") : text
    }
}
