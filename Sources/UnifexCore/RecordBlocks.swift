/// The blocks of a page record (`blocks`), as ux-layout writes them and the output formats read
/// them: the page's text as a reader sees it, in reading order, each block of one kind.

public enum BlockKind: String, Sendable, CaseIterable {
    case title, heading, paragraph, listItem = "list_item", caption, footnote
    case pageHeader = "page_header", pageFooter = "page_footer", code, formula, table, figure

    /// Running headers, footers and page numbers: kept in the record, left out of a document's text.
    public var isFurniture: Bool { self == .pageHeader || self == .pageFooter }
}

public struct Block: Equatable, Sendable {
    public var kind: BlockKind
    public var box: Box
    public var text: String
    /// Indices into the record's `lines` of the lines the block is made of.
    public var lines: [Int]
    /// Headings: 1-6.
    public var level: Int?
    /// List items: the marker as printed (`•`, `1.`, `(a)`) and the nesting depth, from 0.
    public var marker: String?
    public var depth: Int?
    /// Tables: the index into the record's `tables`.
    public var table: Int?
    /// Figures: the index into the page's `blocks` of the figure's caption.
    public var caption: Int?
    /// Paragraphs, list items and captions with words set apart (bold, italic): the text as
    /// Markdown with that emphasis (`a **bold** word`).
    public var markdown: String?

    public init(kind: BlockKind, box: Box, text: String, lines: [Int], level: Int? = nil, marker: String? = nil,
                depth: Int? = nil, table: Int? = nil) {
        self.kind = kind; self.box = box; self.text = text; self.lines = lines
        self.level = level; self.marker = marker; self.depth = depth; self.table = table
    }

    public var json: JSONValue {
        var o = JSONObject([("kind", .string(kind.rawValue)), ("box", box.json), ("text", .string(text)),
                            ("lines", .array(lines.map(JSONValue.int)))])
        if let level { o["level"] = .int(level) }
        if let marker { o["marker"] = .string(marker) }
        if let depth { o["depth"] = .int(depth) }
        if let table { o["table"] = .int(table) }
        if let caption { o["caption"] = .int(caption) }
        if let markdown { o["markdown"] = .string(markdown) }
        return .object(o)
    }

    /// A block as a record holds it; nil when it is not one (a hostile record's block is left out
    /// of the output formats, never trusted: levels and depths are held to their ranges).
    public init?(_ value: JSONValue?) {
        guard let o = value?.objectValue, let kind = o["kind"]?.stringValue.flatMap(BlockKind.init(rawValue:)),
              let text = o["text"]?.stringValue else { return nil }
        let box = Box(o["box"]) ?? Box(x0: 0, y0: 0, x1: 0, y1: 0)
        let lines = (o["lines"]?.arrayValue ?? []).prefix(100_000).compactMap(\.intValue)
        self.init(kind: kind, box: box, text: text, lines: lines,
                  level: o["level"]?.intValue.map { min(max($0, 1), 6) },
                  marker: o["marker"]?.stringValue,
                  depth: o["depth"]?.intValue.map { min(max($0, 0), 8) },
                  table: o["table"]?.intValue.flatMap { $0 >= 0 ? $0 : nil })
        caption = o["caption"]?.intValue.flatMap { $0 >= 0 ? $0 : nil }
        markdown = o["markdown"]?.stringValue
    }
}

extension PageRecord {
    /// The boxes of the images the page draws (ux-table's `images`), usable ones only.
    public var images: [Box] {
        (self["images"]?.arrayValue ?? []).prefix(10_000).compactMap { Box($0.objectValue?["box"]) }
    }

    /// The boxes of the pictures the page draws with lines and curves (ux-table's `drawings`).
    public var drawings: [Box] {
        (self["drawings"]?.arrayValue ?? []).prefix(10_000).compactMap { Box($0.objectValue?["box"]) }
    }

    /// The page's blocks (from ux-layout), nil when it has none.
    public var blocks: [Block]? {
        self["blocks"]?.arrayValue.map { $0.compactMap { Block($0) } }
    }
}
