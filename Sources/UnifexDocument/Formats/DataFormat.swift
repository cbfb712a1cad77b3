public import UnifexCore

/// Just what the language-model stage extracted, one JSON object a line per page, for loading
/// elsewhere: `{"doc", "page", "status", "data"}` (or `"text"` for free-text answers). A page
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
        for page in document.storedPages() { try sink(page + pageTerminator) }
    }

    static func line(_ record: PageRecord) -> [UInt8] {
        var o = JSONObject([("doc", .string(record.doc ?? "")), ("page", record.page.map(JSONValue.int) ?? .null),
                            ("status", .string(record.status.rawValue))])
        let llm = record["llm"]?.objectValue
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
