public import UnifexCore
/// A page's blocks (from ux-layout) as Markdown; a page without blocks as headings and paragraphs
/// from its lines, in reading order. The page's tables (from ux-table) stand in their place instead
/// of their text; blocks end with a blank line, so pages need no separator of their own.
public struct MarkdownFormat: DocumentFormat {
    /// Running headers, footers and page numbers stay in the text (`--furniture keep`).
    public var keepFurniture = false

    public init(keepFurniture: Bool = false) { self.keepFurniture = keepFurniture }
    public var name: String { "markdown" }
    public var fileExtension: String { "md" }

    public func page(_ record: PageRecord) -> [UInt8] {
        if let blocks = record.blocks {
            return MarkdownBlocks.pieces(blocks, tables: record.tables ?? [], keepFurniture: keepFurniture).flatMap(\.stored)
        }
        let layout = PageLayout(record: record)
        var out = ""
        var tables = (record.tables ?? []).sorted { $0.box.y0 < $1.box.y0 }
        let all = tables
        for paragraph in layout.paragraphs {
            while let table = tables.first, table.box.y0 <= paragraph.box.y0 {
                out += MarkdownTables.render(table)
                tables.removeFirst()
            }
            let lines = paragraph.lines.filter { !MarkdownTables.inside($0.span.box, all) }
            guard !lines.isEmpty else { continue }
            var text = ""
            for line in lines {
                let piece = line.span.text
                if text.hasSuffix("-"), let first = piece.first, first.isLowercase {
                    text.removeLast()   // a word hyphenated across lines
                } else if !text.isEmpty {
                    text += " "
                }
                text += piece
            }
            let size = lines.map { $0.span.box.height }.max() ?? 0
            let typical = max(layout.typicalLineHeight, 0.01)
            if lines.count <= 2, size >= 1.8 * typical {
                out += "# " + text + "\n\n"
            } else if lines.count <= 2, size >= 1.3 * typical {
                out += "## " + text + "\n\n"
            } else {
                out += Self.escape(text) + "\n\n"
            }
        }
        for table in tables { out += MarkdownTables.render(table) }
        return MarkdownPiece(markdown: out).stored
    }

    /// One page alone as Markdown, as a document of that one page would be written.
    public func markdown(_ record: PageRecord) -> String {
        MarkdownPiece.pieces(in: page(record)).map(\.markdown).joined()
    }

    public func write(_ document: AssembledDocument, to sink: ([UInt8]) throws(UnifexError) -> Void) throws(UnifexError) {
        try MarkdownDocument.write(document.storedPages(), pageCount: document.pages.filter { $0.page != nil }.count,
                                   keepFurniture: keepFurniture, to: sink)
    }

    /// A paragraph that starts like markdown syntax would be read as such.
    static func escape(_ text: String) -> String {
        guard let first = text.first, "#>-*+|".contains(first) else { return text }
        return "\\" + text
    }
}
