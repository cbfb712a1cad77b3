public import UnifexCore

/// Documents cut into chunks for retrieval, one JSON line a chunk: `{"v":1, "type":"chunk", "doc",
/// "file_id", "chunk", "headings", "text", "pages", "boxes", "tokens", "tokenizer"}`. Chunks are read
/// off the same document-level pass as Markdown (running headers the pages alone did not recognise
/// left out, paragraphs cut by a page break joined), and cut by `Chunker`; furniture is never in
/// a chunk, whatever `--furniture` says.
public struct ChunkFormat: DocumentFormat {
    public var settings: ChunkSettings

    public init(settings: ChunkSettings = ChunkSettings()) { self.settings = settings }
    public var name: String { "chunks" }
    public var fileExtension: String { "chunks.jsonl" }
    public var writesCoordinates: Bool { true }
    public var readsBlocks: Bool { true }

    public func page(_ record: PageRecord) -> [UInt8] {
        var pieces = MarkdownFormat(keepFurniture: false).pieces(record)
        if record.blocks == nil { Self.markEdges(&pieces) }
        return pieces.flatMap(\.stored)
    }

    /// A page without blocks (no ux-layout in the pipeline) knows no running headers: its first two
    /// and last two paragraphs are offered to the document-level pass, which leaves out those that
    /// repeat at the same edge of many pages, as it does for blocks. (Markdown keeps such a page's
    /// text as it is.)
    static func markEdges(_ pieces: inout [MarkdownPiece]) {
        let body = pieces.indices.filter { pieces[$0].kind != .table }
        let top = Set(body.prefix(2)), bottom = Set(body.suffix(2))
        for i in body {
            pieces[i].edge = top.contains(i) ? .top : bottom.contains(i) ? .bottom : .none
            let text = pieces[i].markdown.drop { $0 == "#" || $0 == "\\" || $0 == " " }
            pieces[i].key = MarkdownPiece.key(String(text))
        }
    }

    public func write(_ document: AssembledDocument, to sink: ([UInt8]) throws(UnifexError) -> Void) throws(UnifexError) {
        var chunker = Chunker(settings: settings)
        var number = 0
        let header = document.header
        func drain() throws(UnifexError) {
            for chunk in chunker.ready {
                number += 1
                try sink(Self.line(chunk, number: number, header: header))
            }
            chunker.ready.removeAll(keepingCapacity: true)
        }
        try MarkdownDocument.pieces(document.storedPages(), pageCount: document.pages.filter { $0.page != nil }.count,
                                    keepFurniture: false) { piece throws(UnifexError) in
            chunker.add(piece)
            try drain()
        }
        chunker.finish()
        try drain()
    }

    static func line(_ chunk: Chunk, number: Int, header: JSONObject) -> [UInt8] {
        var o = JSONObject([("v", .int(recordFormatVersion)), ("type", .string("chunk")),
                            ("doc", header["doc"] ?? .null)])
        if let fileID = header["file_id"] { o["file_id"] = fileID }
        o["chunk"] = .int(number)
        o["headings"] = .array(chunk.headings.map(JSONValue.string))
        o["text"] = .string(chunk.text)
        let pages = chunk.places.map(\.page)
        o["pages"] = .array([pages.min(), pages.max()].map { $0.map(JSONValue.int) ?? .null })
        o["boxes"] = .array(chunk.places.map { .object(JSONObject([("page", .int($0.page)), ("box", $0.box.json)])) })
        o["tokens"] = .int(chunk.tokens)
        o["tokenizer"] = .string(TokenEstimate.name)
        var bytes: [UInt8] = []
        JSONValue.object(o).write(to: &bytes)
        bytes.append(0x0A)
        return bytes
    }
}
