import Foundation
public import UnifexDocument
public import UnifexCore

/// What a batch did, gathered by ux-merge as documents complete and written to disk at the end
/// (or on interruption): counts by status, every failure with its reason, per-stage page times.
public struct BatchReport: Sendable {
    let started = Date()
    public private(set) var documents: [String: Int] = [:]
    public private(set) var pages: [RecordStatus: Int] = [:]
    public private(set) var failures: [JSONValue] = []
    public private(set) var malformedLines = 0
    /// Documents in which some page arrived more than once (kept once).
    public private(set) var duplicates: [JSONValue] = []
    private var stageTimes: [String: Histogram] = [:]
    /// What the language-model stage spent on the batch, once some page had `llm`.
    public private(set) var llmUsage: LLMUsageTotals?

    public init() {}

    /// Counts a document. One that could not be written (`writeFailure`) is an error whatever
    /// its pages say: the batch did not produce it.
    public mutating func add(_ document: AssembledDocument, writeFailure: RecordError? = nil) {
        let status = writeFailure == nil ? document.status : "error"
        documents[status, default: 0] += 1
        for page in document.pages where page.page != nil {
            pages[page.status, default: 0] += 1
        }
        if let usage = document.llmUsage { llmUsage = (llmUsage ?? LLMUsageTotals()) + usage }
        if !document.duplicatePages.isEmpty {
            duplicates.append(.object(JSONObject([("doc", .string(document.doc)),
                                                  ("pages", .array(document.duplicatePages.map { .int($0.page) }))])))
        }
        guard status != "ok" else { return }
        var entry = JSONObject([("doc", .string(document.doc))])
        if let id = document.key.fileID { entry["file_id"] = .string(id) }
        entry["status"] = .string(status)
        if let writeFailure {
            entry["error"] = writeFailure.json
        } else if let level = document.pages.first(where: { $0.page == nil }), let error = level.error {
            entry["error"] = error
        }
        let failed = document.failedPages.filter { $0.page != nil }.map { page -> JSONValue in
            var o = JSONObject([("page", .int(page.page!)), ("status", .string(page.status.rawValue))])
            if let error = page.error { o["error"] = error }
            return .object(o)
        }
        if !failed.isEmpty { entry["failed_pages"] = .array(failed) }
        if document.missingPages > 0 { entry["pages_missing"] = .int(document.missingPages) }
        failures.append(.object(entry))
    }

    /// Counts a page record's stage timings (called as records arrive; they are not kept).
    public mutating func addTimings(_ record: PageRecord) {
        for (stage, seconds) in record["timings"]?.objectValue?.pairs ?? [] {
            // A record can claim any number (1e400 reads as infinity); what no page can take is
            // left out of the statistics rather than turned into nonsense quantiles.
            if let s = seconds.doubleValue, s >= 0, s <= Histogram.longest { stageTimes[stage, default: Histogram()].add(s) }
        }
    }

    /// Counts a page that arrived again after its document was written (and was left out).
    public mutating func addDuplicate(_ record: PageRecord) {
        guard let doc = record.doc, let page = record.page else { return }
        if case .object(var last)? = duplicates.last, last["doc"]?.stringValue == doc, case .array(let pages)? = last["pages"] {
            last["pages"] = .array(pages + [.int(page)])
            duplicates[duplicates.count - 1] = .object(last)
        } else {
            duplicates.append(.object(JSONObject([("doc", .string(doc)), ("pages", .array([.int(page)]))])))
        }
    }

    public mutating func addMalformedLine(_ record: PageRecord) {
        malformedLines += 1
        var entry = JSONObject([("doc", .null), ("status", .string("error"))])
        entry["error"] = record["error"]
        failures.append(.object(entry))
    }

    /// The report as JSON. `tools` are the pipeline's tools as they announced themselves.
    public func json(interrupted: Bool, tools: [ProgressSnapshot], options: JSONObject,
                     interruption: Interruption? = nil) -> JSONValue {
        let ended = Date()
        let duration = ended.timeIntervalSince(started)
        let pageTotal = pages.values.reduce(0, +)
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var o = JSONObject([
            ("v", .int(recordFormatVersion)),
            ("type", .string("report")),
            ("interrupted", .bool(interrupted || interruption != nil)),
            ("started", .string(iso.string(from: started))),
            ("ended", .string(iso.string(from: ended))),
            ("duration_seconds", .double(duration)),
        ])
        if let interruption { o["signal"] = .string(interruption.signalName) }
        var counts = JSONObject(
            [("total", .int(documents.values.reduce(0, +)))] + ["ok", "partial", "error", "skipped"].map { ($0, .int(documents[$0] ?? 0)) })
        if let interruption {
            counts["unfinished"] = .int(interruption.unfinished.count)
            if let notReached = interruption.notReached { counts["not_reached"] = .int(notReached) }
        }
        o["documents"] = .object(counts)
        o["pages"] = .object(JSONObject(
            [("total", .int(pageTotal))] + RecordStatus.allCases.map { ($0.rawValue, .int(pages[$0] ?? 0)) }))
        o["malformed_lines"] = .int(malformedLines)
        o["pages_per_second"] = .double(duration > 0 ? Double(pageTotal) / duration : 0)
        o["seconds_per_page"] = .object(JSONObject(stageTimes.keys.sorted().map { stage in
            let h = stageTimes[stage]!
            return (stage, .object(JSONObject([("count", .int(h.count)), ("p50", .number(formatSeconds(h.quantile(0.5)))),
                                               ("p95", .number(formatSeconds(h.quantile(0.95)))), ("max", .number(formatSeconds(h.maximum)))])))
        }))
        if let llmUsage { o["llm"] = llmUsage.json }
        o["failures"] = .array(failures)
        o["unfinished"] = .array(interruption?.unfinished.map(\.json) ?? [])
        o["duplicate_pages"] = .array(duplicates)
        o["version"] = .string(unifexVersion)
        o["tools"] = .array(tools.map { t in
            .object(JSONObject([("tool", .string(t.tool)), ("arguments", .array(t.arguments.map(JSONValue.string))),
                                ("libraries", .object(JSONObject(t.libraries.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))]))
        })
        o["options"] = .object(options)
        return .object(o)
    }

    /// One readable line for stderr.
    public var summaryLine: String {
        let docTotal = documents.values.reduce(0, +)
        let pageTotal = pages.values.reduce(0, +)
        let docParts = ["ok", "partial", "error", "skipped"].compactMap { s in documents[s].map { "\($0) \(s)" } }
        let pageParts = RecordStatus.allCases.compactMap { s in pages[s].map { "\($0) \(s.rawValue)" } }
        let parts = { (list: [String]) in list.isEmpty ? "" : " (\(list.joined(separator: ", ")))" }
        var line = "\(docTotal) documents\(parts(docParts)), \(pageTotal) pages\(parts(pageParts))"
        if malformedLines > 0 { line += ", \(malformedLines) malformed input lines" }
        if let llmUsage { line += "; llm: " + llmUsage.summary }
        return line
    }

    public var allOK: Bool { documents.keys.allSatisfy { $0 == "ok" || $0 == "skipped" } && malformedLines == 0 }
}

/// How a batch was ended by a signal: which, the documents whose pages had begun to arrive and
/// were left out, and how many documents ux-split was still to read (when it said how many in all).
public struct Interruption: Sendable {
    public struct Unfinished: Sendable {
        public var key: DocumentKey
        public var pagesReceived: Int
        public var selected: Int?

        var json: JSONValue {
            var o = JSONObject([("doc", .string(key.doc))])
            if let id = key.fileID { o["file_id"] = .string(id) }
            o["pages_received"] = .int(pagesReceived)
            o["pages_expected"] = selected.map(JSONValue.int) ?? .null
            return .object(o)
        }
    }

    public var signal: Int32
    public var unfinished: [Unfinished]
    public var notReached: Int?

    var signalName: String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(signal)"
        }
    }
}

/// Quantiles of positive durations in constant memory: logarithmic buckets 2% wide.
struct Histogram: Sendable {
    private static let base = 1.02
    private static let smallest = 1e-4
    /// A year: longer than any page takes, and small enough for every duration format.
    static let longest = 365.25 * 86400
    private var buckets: [Int: Int] = [:]
    private(set) var count = 0
    private(set) var maximum = 0.0

    mutating func add(_ seconds: Double) {
        let index = seconds <= Self.smallest ? 0 : Int(saturating: log(seconds / Self.smallest) / log(Self.base), rounding: .up)
        buckets[index, default: 0] += 1
        count += 1
        maximum = max(maximum, seconds)
    }

    /// The upper edge of the bucket holding the q-th value (within 2%).
    func quantile(_ q: Double) -> Double {
        guard count > 0 else { return 0 }
        let rank = max(1, Int(saturating: q * Double(count), rounding: .up))
        var seen = 0
        for index in buckets.keys.sorted() {
            seen += buckets[index]!
            if seen >= rank { return min(Self.smallest * pow(Self.base, Double(index)), maximum) }
        }
        return maximum
    }
}
