/// A document put back together from its page records.
public struct AssembledDocument: Sendable {
    public var doc: String
    /// Page records in page order (a document-level error record has no page number).
    public var pages: [PageRecord]
    /// Pages that ux-split announced but never arrived.
    public var missingPages: Int
    /// ok: every page ok; partial: some ok, some failed or missing; error: none ok;
    /// skipped: nothing was selected.
    public var status: String

    public var failedPages: [PageRecord] { pages.filter { $0.status == .error || $0.status == .timeout } }

    /// The document record: summary fields first, then the page records.
    public var record: JSONObject {
        let first = pages.first
        var o = JSONObject([
            ("v", .int(recordFormatVersion)),
            ("type", .string("document")),
            ("doc", .string(doc)),
            ("source", first?["source"] ?? .null),
            ("page_count", first?["page_count"] ?? .null),
            ("status", .string(status)),
            ("pages_ok", .int(pages.filter { $0.status == .ok && $0.page != nil }.count)),
            ("pages_failed", .int(failedPages.filter { $0.page != nil }.count)),
            ("pages_missing", .int(missingPages)),
        ])
        if pages.count == 1, first?.page == nil, let error = first?["error"] { o["error"] = error }
        o["pages"] = .array(pages.map { .object($0.object) })
        return o
    }

    /// Page texts joined the way pdftotext does: each page followed by a form feed.
    public var plainText: String {
        var text = ""
        for page in pages where page.page != nil {
            text += page["text"]?.stringValue ?? ""
            text += "\u{0C}"
        }
        return text
    }
}

/// Groups page records back into documents and releases each one as soon as all of its
/// pages have arrived, so memory holds only the documents still open.
///
/// A document is complete when it has as many records as ux-split announced in `selected`.
/// Records of different documents may interleave (e.g. after `parallel --pipe`).
public struct DocumentAssembler {
    private struct Open {
        var pages: [Int: PageRecord] = [:]
        var documentLevel: PageRecord?
        var expected: Int
        var order: Int
    }

    private var open: [String: Open] = [:]
    private var opened = 0

    public init() {}

    public var openDocuments: Int { open.count }

    /// Adds one record; returns the document it completed, if any. A second record for the
    /// same page replaces the first (the later stage's word stands).
    public mutating func add(_ record: PageRecord) -> AssembledDocument? {
        guard let doc = record.doc else { return nil }
        var entry = open[doc] ?? Open(expected: max(record.selected ?? 1, 1), order: opened)
        if open[doc] == nil { opened += 1 }
        if let page = record.page {
            entry.pages[page] = record
        } else {
            entry.documentLevel = record
        }
        if entry.documentLevel != nil || entry.pages.count >= entry.expected {
            open[doc] = nil
            return assemble(doc, entry, missing: 0)
        }
        open[doc] = entry
        return nil
    }

    /// At end of input: the documents still waiting for pages, oldest first, marked incomplete.
    public mutating func drain() -> [AssembledDocument] {
        let rest = open.sorted { $0.value.order < $1.value.order }
        open = [:]
        return rest.map { assemble($0.key, $0.value, missing: $0.value.expected - $0.value.pages.count) }
    }

    private func assemble(_ doc: String, _ entry: Open, missing: Int) -> AssembledDocument {
        if let level = entry.documentLevel, entry.pages.isEmpty {
            let status = level.status == .skipped ? "skipped" : "error"
            return AssembledDocument(doc: doc, pages: [level], missingPages: 0, status: status)
        }
        var pages = entry.pages.sorted { $0.key < $1.key }.map(\.value)
        if let level = entry.documentLevel { pages.insert(level, at: 0) }
        let ok = pages.filter { $0.status == .ok && $0.page != nil }.count
        let failed = pages.contains { $0.status == .error || $0.status == .timeout } || missing > 0
        let status = !failed ? "ok" : (ok > 0 ? "partial" : "error")
        return AssembledDocument(doc: doc, pages: pages, missingPages: missing, status: status)
    }
}
