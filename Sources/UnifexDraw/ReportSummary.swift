public import Foundation
public import UnifexCore

/// What index.html shows of one of ux-merge's batch reports, or of several added up (one per
/// host or shard of a batch).
public struct ReportSummary: Sendable {
    public var name: String
    public var documents: [String: Int] = [:]
    public var pages: [String: Int] = [:]
    public var started: Date?
    public var ended: Date?
    public var interrupted = false
    /// Per stage: pages timed and the median seconds a page.
    public var stages: [String: (count: Int, p50: Double)] = [:]
    /// Documents that failed: name, status and reason.
    public var failures: [(doc: String, status: String, reason: String)] = []

    public static let documentStatuses = ["ok", "partial", "error", "skipped"]
    public static let pageStatuses = ["ok", "error", "skipped", "timeout"]

    /// Reads a report; nil when it is not one of ux-merge's.
    public init?(name: String, _ value: JSONValue) {
        guard let o = value.objectValue, o["type"]?.stringValue == "report" else { return nil }
        self.name = name
        for (key, target) in [("documents", \ReportSummary.documents), ("pages", \ReportSummary.pages)] {
            for (status, n) in o[key]?.objectValue?.pairs ?? [] {
                if let n = n.intValue, n >= 0 { self[keyPath: target][status] = min(n, 1 << 40) }
            }
        }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        func date(_ key: String) -> Date? {
            guard let s = o[key]?.stringValue else { return nil }
            return iso.date(from: s) ?? ISO8601DateFormatter().date(from: s)
        }
        started = date("started"); ended = date("ended")
        interrupted = o["interrupted"]?.boolValue ?? false
        for (stage, v) in (o["seconds_per_page"]?.objectValue?.pairs ?? []).prefix(100) {
            guard let count = v.objectValue?["count"]?.intValue, count >= 0, let p50 = v.objectValue?["p50"]?.doubleValue,
                  p50.isFinite, p50 >= 0 else { continue }
            stages[stage] = (min(count, 1 << 40), p50)
        }
        for f in (o["failures"]?.arrayValue ?? []).prefix(10_000) {
            guard let f = f.objectValue else { continue }
            let error = f["error"]?.objectValue?["message"]?.stringValue
            let failedPages = f["failed_pages"]?.arrayValue?.count
            let reason = error ?? failedPages.map { "\($0) pages failed" } ?? (f["pages_missing"]?.intValue.map { "\($0) pages missing" } ?? "")
            failures.append((f["doc"]?.stringValue ?? "(no document)", f["status"]?.stringValue ?? "error", reason))
        }
    }

    init(name: String) { self.name = name }

    /// Seconds from start to end.
    public var duration: Double? {
        guard let started, let ended else { return nil }
        let d = ended.timeIntervalSince(started)
        return d.isFinite && d >= 0 ? d : nil
    }

    public var pagesPerSecond: Double? {
        guard let duration, duration > 0 else { return nil }
        return Double(pages["total"] ?? 0) / duration
    }

    /// The parts added up: counts summed, the time from the first start to the last end (the
    /// parts ran side by side or one after another: either way the batch's own time), each
    /// stage's median a page weighted by the pages each part timed.
    public static func sum(_ parts: [ReportSummary]) -> ReportSummary {
        var total = ReportSummary(name: "all")
        for part in parts {
            for (k, n) in part.documents { total.documents[k, default: 0] += n }
            for (k, n) in part.pages { total.pages[k, default: 0] += n }
            if let s = part.started { total.started = min(total.started ?? s, s) }
            if let e = part.ended { total.ended = max(total.ended ?? e, e) }
            total.interrupted = total.interrupted || part.interrupted
            for (stage, t) in part.stages {
                let old = total.stages[stage] ?? (0, 0)
                let count = old.count + t.count
                total.stages[stage] = (count, count > 0 ? (old.p50 * Double(old.count) + t.p50 * Double(t.count)) / Double(count) : 0)
            }
            total.failures += part.failures
        }
        return total
    }
}
