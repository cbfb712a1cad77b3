import Foundation
public import UnifexCore

/// Groups page records back into documents and releases each one as soon as all of its
/// pages have arrived. Pages wait on disk, so memory holds only a small summary per page of
/// the documents still open.
///
/// A document is complete when it has as many records as ux-split announced in `selected`.
/// Records of different documents may interleave (e.g. after `parallel --pipe`).
public struct DocumentAssembler {
    private final class Open {
        var pages: [Int: (summary: PageSummary, stored: Range<Int>)] = [:]
        var documentLevel: PageRecord?
        /// How many times each page that came more than once arrived.
        var duplicates: [Int: Int] = [:]
        var header: JSONObject
        let expected: Int
        let order: Int
        var spool: DocumentSpool?
        var continuation = TableContinuation()
        init(header: JSONObject, expected: Int, order: Int) {
            self.header = header; self.expected = expected; self.order = order
        }
    }

    private let format: any DocumentFormat
    private var open: [DocumentKey: Open] = [:]
    private var opened = 0
    /// The pages of the documents already released, by the hash of their key and as ranges: a
    /// few words per document, not one per page.
    private var released: [Int: [ClosedRange<Int>]] = [:]

    public init(format: any DocumentFormat = JSONFormat()) { self.format = format }

    public var openDocuments: Int { open.count }

    /// True when `record` is a page of a document this assembler has already released whole:
    /// a page arriving again, which must not start a second, partial copy of a document already
    /// written. Other pages of the same file (another `--pages` selection) start a new document.
    public func isRepeat(_ record: PageRecord) -> Bool {
        guard let key = record.documentKey, let page = record.page, open[key] == nil,
              let ranges = released[key.hashValue] else { return false }
        return ranges.contains { $0.contains(page) }
    }

    /// Adds one record; returns the document it completed, if any. A second record for the
    /// same page replaces the first (the later stage's word stands), and the document says so.
    public mutating func add(_ record: PageRecord) throws(UnifexError) -> AssembledDocument? {
        guard let key = record.documentKey else { return nil }
        var record = record
        let entry: Open
        if let existing = open[key] {
            entry = existing
        } else {
            var header = JSONObject([("v", .int(recordFormatVersion)), ("type", .string("document")), ("doc", .string(key.doc))])
            if let id = key.fileID { header["file_id"] = .string(id) }
            // The document's own fields hold what they claim to hold; the page records keep the
            // values they came with, whatever they are.
            header["source"] = record.source.map(JSONValue.string) ?? .null
            header["page_count"] = record.pageCount.flatMap { $0 >= 0 ? .int($0) : nil } ?? .null
            entry = Open(header: header, expected: max(record.selected ?? 1, 1), order: opened)
            opened += 1
            open[key] = entry
        }
        if let metadata = record["metadata"], entry.header["metadata"] == nil { entry.header["metadata"] = metadata }
        if let page = record.page {
            if entry.spool == nil { entry.spool = try DocumentSpool() }
            entry.continuation.mark(&record)
            let stored = try entry.spool!.append(format.page(record))
            let summary = PageSummary(page: page, status: record.status,
                                      error: record.status == .ok ? nil : record["error"], llm: LLMUsageTotals(record: record))
            if entry.pages[page] != nil { entry.duplicates[page, default: 1] += 1 }
            entry.pages[page] = (summary, stored)
        } else {
            entry.documentLevel = record
        }
        if entry.documentLevel != nil || entry.pages.count >= entry.expected {
            open[key] = nil
            released[key.hashValue, default: []] += Self.ranges(entry.pages.keys.sorted())
            return assemble(key, entry, missing: 0)
        }
        return nil
    }

    /// [1, 2, 3, 7] as [1...3, 7...7].
    static func ranges(_ sorted: [Int]) -> [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        for page in sorted {
            if let last = ranges.last, last.upperBound &+ 1 == page {
                ranges[ranges.count - 1] = last.lowerBound...page
            } else {
                ranges.append(page...page)
            }
        }
        return ranges
    }

    /// At end of input: the documents still waiting for pages, oldest first, marked incomplete.
    public mutating func drain() -> [AssembledDocument] {
        let rest = open.sorted { $0.value.order < $1.value.order }
        open = [:]
        return rest.map { assemble($0.key, $0.value, missing: $0.value.expected - $0.value.pages.count) }
    }

    private func assemble(_ key: DocumentKey, _ entry: Open, missing: Int) -> AssembledDocument {
        let sorted = entry.pages.sorted { $0.key < $1.key }.map(\.value)
        var pages = sorted.map(\.summary)
        if let level = entry.documentLevel {
            pages.insert(PageSummary(page: nil, status: level.status, error: level["error"]), at: 0)
        }
        let status: String
        if let level = entry.documentLevel, entry.pages.isEmpty {
            status = level.status == .skipped ? "skipped" : "error"
        } else {
            let ok = pages.filter { $0.status == .ok && $0.page != nil }.count
            let failed = pages.contains { $0.status == .error || $0.status == .timeout } || missing > 0
            status = !failed ? "ok" : (ok > 0 ? "partial" : "error")
        }
        return AssembledDocument(key: key, format: format, header: entry.header, pages: pages,
                                 documentLevel: entry.documentLevel, spool: entry.spool,
                                 stored: sorted.map(\.stored), missing: missing,
                                 duplicates: entry.duplicates.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, status: status)
    }
}
