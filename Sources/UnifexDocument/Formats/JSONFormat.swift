public import UnifexCore
/// One document record per line: the document's fields, its status and counts, then its page
/// records inline, exactly as they arrived.
public struct JSONFormat: DocumentFormat {
    public init() {}
    public var name: String { "json" }
    public var fileExtension: String { "json" }
    public var writesCoordinates: Bool { true }

    public func page(_ record: PageRecord) -> [UInt8] {
        var bytes: [UInt8] = []
        record.write(to: &bytes)
        return bytes
    }

    public func write(_ document: AssembledDocument, to sink: ([UInt8]) throws(UnifexError) -> Void) throws(UnifexError) {
        var o = document.header
        o["status"] = .string(document.status)
        o["pages_ok"] = .int(document.pages.filter { $0.status == .ok && $0.page != nil }.count)
        o["pages_failed"] = .int(document.failedPages.filter { $0.page != nil }.count)
        o["pages_missing"] = .int(document.missingPages)
        if !document.duplicatePages.isEmpty { o["duplicate_pages"] = .array(document.duplicatePages.map { .int($0.page) }) }
        if document.pages.count == 1, let level = document.documentRecord, let error = level["error"] { o["error"] = error }
        if let usage = document.llmUsage { o["llm"] = usage.json }
        var prefix: [UInt8] = []
        JSONValue.object(o).write(to: &prefix)
        prefix.removeLast()  // the closing brace: the pages follow
        prefix.append(contentsOf: Array(#","pages":["#.utf8))
        let count = document.storedRanges.count
        if let level = document.documentRecord {
            level.write(to: &prefix)
            if count > 0 { prefix.append(UInt8(ascii: ",")) }
        }
        try sink(prefix)
        for (i, page) in document.storedPages().enumerated() {
            var piece = page
            if i < count - 1 { piece.append(UInt8(ascii: ",")) }
            try sink(piece)
        }
        try sink(Array("]}\n".utf8))
    }
}
