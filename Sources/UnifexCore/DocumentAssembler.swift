import Foundation

/// How ux-merge writes a document.
public enum DocumentFormat: String, Sendable, CaseIterable {
    /// One document record per line, page records inline.
    case json
    /// Page texts, each followed by a form feed (as pdftotext prints them).
    case text
    /// Headings and paragraphs from the layout, in reading order.
    case markdown
    /// Tesseract's TSV columns: level, page_num, block_num, par_num, line_num, word_num, left,
    /// top, width, height, conf, text.
    case tsv
    /// hOCR (XHTML with ocr_page, ocr_carea, ocr_par, ocr_line, ocrx_word).
    case hocr
}

/// What ux-merge remembers of a page while its document is open: enough for the summary and
/// the report. The page itself waits on disk.
public struct PageSummary: Sendable {
    public var page: Int?
    public var status: RecordStatus
    public var error: JSONValue?
}

/// Page records waiting on disk for their document to complete, so memory does not grow with
/// the size of documents. An unlinked temporary file: nothing is left behind, even after kill -9.
final class DocumentSpool {
    private let fd: Int32
    private var size = 0

    init() throws(RecordError) {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/unifex-spool-XXXXXX".utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw RecordError(stage: "merge", code: "io", message: "cannot create a spool file in \(base): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    deinit { close(fd) }

    func append(_ bytes: [UInt8]) throws(RecordError) -> Range<Int> {
        guard writeAll(fd: fd, bytes) else {
            throw RecordError(stage: "merge", code: "io", message: "cannot write spool file: \(String(cString: strerror(errno)))")
        }
        defer { size += bytes.count }
        return size..<(size + bytes.count)
    }

    func read(_ range: Range<Int>) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: range.count)
        var done = 0
        while done < range.count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, range.count - done, off_t(range.lowerBound + done)) }
            if n <= 0 { break }
            done += n
        }
        return bytes
    }
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
    private let format: DocumentFormat
    private let header: JSONObject
    private let documentLevel: PageRecord?
    private let spool: DocumentSpool?
    private let stored: [Range<Int>]

    init(key: DocumentKey, format: DocumentFormat, header: JSONObject, pages: [PageSummary], documentLevel: PageRecord?,
         spool: DocumentSpool?, stored: [Range<Int>], missing: Int, duplicates: [(page: Int, arrivals: Int)], status: String) {
        self.key = key; self.doc = key.doc; self.format = format; self.header = header; self.pages = pages
        self.duplicatePages = duplicates
        self.documentLevel = documentLevel; self.spool = spool; self.stored = stored
        self.missingPages = missing; self.status = status
    }

    public var failedPages: [PageSummary] { pages.filter { $0.status == .error || $0.status == .timeout } }

    /// The reason a document-level record gives (missing file, wrong password…).
    public var documentError: RecordError? { documentLevel?.error }

    /// Writes the document in its format, a piece at a time: a whole document is never in memory.
    public func write(to sink: ([UInt8]) throws(RecordError) -> Void) throws(RecordError) {
        let renderer = DocumentRenderer(format: format)
        guard format == .json else {
            let prefix = renderer.prefix(header)
            if !prefix.isEmpty { try sink(prefix) }
            for range in stored {
                try sink((spool?.read(range) ?? []) + renderer.pageTerminator)
            }
            let suffix = renderer.suffix
            if !suffix.isEmpty { try sink(suffix) }
            return
        }
        var o = header
        o["status"] = .string(status)
        o["pages_ok"] = .int(pages.filter { $0.status == .ok && $0.page != nil }.count)
        o["pages_failed"] = .int(failedPages.filter { $0.page != nil }.count)
        o["pages_missing"] = .int(missingPages)
        if !duplicatePages.isEmpty { o["duplicate_pages"] = .array(duplicatePages.map { .int($0.page) }) }
        if pages.count == 1, let level = documentLevel, let error = level["error"] { o["error"] = error }
        var prefix: [UInt8] = []
        JSONValue.object(o).write(to: &prefix)
        prefix.removeLast()  // the closing brace: the pages follow
        prefix.append(contentsOf: Array(#","pages":["#.utf8))
        if let documentLevel {
            documentLevel.write(to: &prefix)
            if !stored.isEmpty { prefix.append(UInt8(ascii: ",")) }
        }
        try sink(prefix)
        for (i, range) in stored.enumerated() {
            var piece = spool?.read(range) ?? []
            if i < stored.count - 1 { piece.append(UInt8(ascii: ",")) }
            try sink(piece)
        }
        try sink(Array("]}\n".utf8))
    }

    /// The whole document as bytes (for tests and small documents).
    public func bytes() -> [UInt8] {
        var all: [UInt8] = []
        try? write { all.append(contentsOf: $0) }
        return all
    }
}

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
        init(header: JSONObject, expected: Int, order: Int) {
            self.header = header; self.expected = expected; self.order = order
        }
    }

    private let format: DocumentFormat
    private var open: [DocumentKey: Open] = [:]
    private var opened = 0
    /// The pages of the documents already released, by the hash of their key (as `OutputNames`
    /// keeps them) and as ranges: a few words per document, not one per page.
    private var released: [Int: [ClosedRange<Int>]] = [:]

    public init(format: DocumentFormat = .json) { self.format = format }

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
    public mutating func add(_ record: PageRecord) throws(RecordError) -> AssembledDocument? {
        guard let key = record.documentKey else { return nil }
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
            let stored = try entry.spool!.append(DocumentRenderer(format: format).page(record))
            let summary = PageSummary(page: page, status: record.status,
                                      error: record.status == .ok ? nil : record["error"])
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
