import Foundation
public import UnifexCore

/// What ux-merge remembers of a page while its document is open: enough for the summary and
/// the report. The page itself waits on disk.
public struct PageSummary: Sendable {
    public var page: Int?
    public var status: RecordStatus
    public var error: JSONValue?
    /// What the language-model stage spent on the page, if it saw it.
    public var llm: LLMUsageTotals?
}

/// A document put back together from its page records.
public final class AssembledDocument {
    public let doc: String
    /// The document's path and file identity: two files given under one path are two documents.
    public let key: DocumentKey
    /// One entry per page record received, in page order (a document-level record first).
    public let pages: [PageSummary]
    /// Pages that ux-split announced but never arrived.
    public let missingPages: Int
    /// Pages that arrived more than once, in page order, with how many times: the last record
    /// of each is the one kept.
    public let duplicatePages: [(page: Int, arrivals: Int)]
    /// ok: every page ok; partial: some ok, some failed or missing; error: none ok;
    /// skipped: nothing was selected.
    public let status: String
    private let format: any DocumentFormat
    /// The document record's own fields: doc, file_id, source, page_count, metadata.
    let header: JSONObject
    private let documentLevel: PageRecord?
    private let spool: DocumentSpool?
    private let stored: [Range<Int>]

    init(key: DocumentKey, format: any DocumentFormat, header: JSONObject, pages: [PageSummary], documentLevel: PageRecord?,
         spool: DocumentSpool?, stored: [Range<Int>], missing: Int, duplicates: [(page: Int, arrivals: Int)], status: String) {
        self.key = key; self.doc = key.doc; self.format = format; self.header = header; self.pages = pages
        self.duplicatePages = duplicates
        self.documentLevel = documentLevel; self.spool = spool; self.stored = stored
        self.missingPages = missing; self.status = status
    }

    /// The document's page count as ux-split found it, when known.
    public var pageCount: Int? { header["page_count"]?.intValue }

    public var failedPages: [PageSummary] { pages.filter { $0.status == .error || $0.status == .timeout } }

    /// The language-model stage's spending on this document's pages, nil when it saw none.
    public var llmUsage: LLMUsageTotals? {
        let spent = pages.compactMap(\.llm)
        return spent.isEmpty ? nil : spent.reduce(LLMUsageTotals(), +)
    }

    /// The reason a document-level record gives (missing file, wrong password…).
    public var documentError: RecordError? { documentLevel?.error }

    /// Writes the document in its format, a piece at a time: a whole document is never in memory.
    public func write(to sink: ([UInt8]) throws(UnifexError) -> Void) throws(UnifexError) {
        try format.write(self, to: sink)
    }

    /// The stored form of each page, in page order, read back from disk one at a time.
    func storedPages() -> some Sequence<[UInt8]> {
        stored.lazy.map { [spool] range in spool?.read(range) ?? [] }
    }

    /// Where each stored page lies in the spool, in page order.
    var storedRanges: [Range<Int>] { stored }

    /// The document-level record (a missing file, a wrong password), if one came.
    var documentRecord: PageRecord? { documentLevel }

    /// The whole document as bytes (for tests and small documents).
    public func bytes() -> [UInt8] {
        var all: [UInt8] = []
        try? write { all.append(contentsOf: $0) }
        return all
    }
}

