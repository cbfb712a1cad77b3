public import UnifexCore

/// Just what the language-model stage extracted, one JSON object a line per page, for loading
/// elsewhere: `{"doc", "page", "status", "data"}` (or `"text"` for free-text answers; `"pages"` for an
/// answer that covers several pages). A page
/// without an answer is a line with `"data": null` and, when it failed, its `"error"`, instead
/// of vanishing; a document that could not be read is one line with `"page": null`.
public struct DataFormat: DocumentFormat {
    public init() {}
    public var name: String { "jsonl-data" }
    public var fileExtension: String { "jsonl" }

    public func page(_ record: PageRecord) -> [UInt8] { Self.line(record) }

    public var pageTerminator: [UInt8] { [0x0A] }

    public func write(_ document: AssembledDocument, to sink: ([UInt8]) throws(UnifexError) -> Void) throws(UnifexError) {
        if let level = document.documentRecord { try sink(Self.line(level) + [0x0A]) }
        for page in document.storedPages() where !page.isEmpty { try sink(page + pageTerminator) }
    }

    /// The page's line; none for a page whose answer is on another page's line (`--scope
    /// document`: that line names the pages it covers).
    static func line(_ record: PageRecord) -> [UInt8] {
        let llm = record["llm"]?.objectValue
        if llm?["answered_on"] != nil, llm?["pages"]?.arrayValue != nil { return [] }
        var o = JSONObject([("doc", .string(record.doc ?? ""))])
        if let pages = llm?["pages"], pages.arrayValue != nil {
            o["pages"] = pages
        } else {
            o["page"] = record.page.map(JSONValue.int) ?? .null
        }
        o["status"] = .string(record.status.rawValue)
        if let data = llm?["data"] {
            o["data"] = data
        } else if let text = llm?["text"] {
            o["text"] = text
        } else {
            o["data"] = .null
        }
        if record.status != .ok, let error = record["error"] { o["error"] = error }
        var bytes: [UInt8] = []
        JSONValue.object(o).write(to: &bytes)
        return bytes
    }
}
