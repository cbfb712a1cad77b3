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
    public var readsBlocks: Bool { true }

    public func page(_ record: PageRecord) -> [UInt8] {
        pieces(record).flatMap(\.stored)
    }

    /// The page's pieces: its blocks, or without blocks its paragraphs and tables.
    func pieces(_ record: PageRecord) -> [MarkdownPiece] {
        let page = record.page ?? 0
        if let blocks = PageBlocks.read(record) {
            // A page the PDF's outline leads to has its headings' levels from the outline, the
            // document's own word: the document-level pass neither learns from them nor changes
            // them, so they are given no font.
            let lines = record.outline.isEmpty ? record["lines"]?.arrayValue ?? [] : []
            return MarkdownBlocks.pieces(blocks, tables: record.tables ?? [], page: page, keepFurniture: keepFurniture) { i in
                i >= 0 && i < lines.count ? FontStyle(lines[i].objectValue?["font"]) : nil
            }
        }
        let layout = PageLayout(record: record)
        var pieces: [MarkdownPiece] = []
        func add(_ markdown: String, _ kind: BlockKind, level: Int = 0, box: Box) {
            var piece = MarkdownPiece(markdown: markdown)
            piece.kind = kind
            piece.level = level
            piece.places = [PiecePlace(page: page, box: box)]
            pieces.append(piece)
        }
        var tables = (record.tables ?? []).sorted { $0.box.y0 < $1.box.y0 }
        let all = tables
        for paragraph in layout.paragraphs {
            while let table = tables.first, table.box.y0 <= paragraph.box.y0 {
                pieces.append(MarkdownPiece.table(table, page: page))
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
            let box = lines.dropFirst().reduce(lines[0].span.box) { $0.union($1.span.box) }
            let size = lines.map { $0.span.box.height }.max() ?? 0
            let typical = max(layout.typicalLineHeight, 0.01)
            if lines.count <= 2, size >= 1.8 * typical {
                add("# " + text + "\n\n", .title, box: box)
            } else if lines.count <= 2, size >= 1.3 * typical {
                add("## " + text + "\n\n", .heading, level: 1, box: box)
            } else {
                add(MarkdownEscape.start(text) + "\n\n", .paragraph, box: box)
            }
        }
        for table in tables { pieces.append(MarkdownPiece.table(table, page: page)) }
        return pieces
    }

    /// One page alone as Markdown, as a document of that one page would be written.
    public func markdown(_ record: PageRecord) -> String {
        MarkdownPiece.pieces(in: page(record)).map(\.markdown).joined()
    }

    public func write(_ document: AssembledDocument, to sink: ([UInt8]) throws(UnifexError) -> Void) throws(UnifexError) {
        try MarkdownDocument.write(document.storedPages(), pageCount: document.pages.filter { $0.page != nil }.count,
                                   keepFurniture: keepFurniture, to: sink)
    }

}
