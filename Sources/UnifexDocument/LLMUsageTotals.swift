public import UnifexCore

/// What the language-model stage spent on some pages (`llm` in page records), added up for a
/// document and for the batch report: tokens, requests, retries, cache hits and cost.
///
/// A record can claim anything: counts are taken only as non-negative whole numbers and added
/// without overflow, a cost only as a finite non-negative number.
public struct LLMUsageTotals: Sendable, Equatable {
    public private(set) var pages = 0
    public private(set) var promptTokens = 0
    public private(set) var completionTokens = 0
    public private(set) var requests = 0
    /// Requests beyond the first of each page: repairs and resends.
    public private(set) var retries = 0
    public private(set) var cacheHits = 0
    public private(set) var failed = 0
    /// True when some reply carried no usage and its tokens were estimated.
    public private(set) var estimated = false
    /// The summed `usage.cost`, when some page had one.
    public private(set) var cost: Double?

    public init() {}

    /// The totals of one page record's `llm`, or nil when it has none.
    public init?(record: PageRecord) {
        guard let llm = record["llm"]?.objectValue else { return nil }
        pages = 1
        let usage = llm["usage"]?.objectValue
        promptTokens = Self.count(usage?["prompt_tokens"])
        completionTokens = Self.count(usage?["completion_tokens"])
        estimated = usage?["estimated"]?.boolValue ?? false
        if let c = usage?["cost"]?.doubleValue, c.isFinite, c >= 0 { cost = c }
        let attempts = Self.count(llm["attempts"])
        requests = attempts
        retries = max(attempts - 1, 0)
        if llm["cached"]?.boolValue == true { cacheHits = 1 }
        if record.status != .ok { failed = 1 }
    }

    public static func + (a: Self, b: Self) -> Self {
        var sum = a
        sum.pages = a.pages.addingSaturating(b.pages)
        sum.promptTokens = a.promptTokens.addingSaturating(b.promptTokens)
        sum.completionTokens = a.completionTokens.addingSaturating(b.completionTokens)
        sum.requests = a.requests.addingSaturating(b.requests)
        sum.retries = a.retries.addingSaturating(b.retries)
        sum.cacheHits = a.cacheHits.addingSaturating(b.cacheHits)
        sum.failed = a.failed.addingSaturating(b.failed)
        sum.estimated = a.estimated || b.estimated
        if a.cost != nil || b.cost != nil { sum.cost = (a.cost ?? 0) + (b.cost ?? 0) }
        return sum
    }

    /// `{"pages", "prompt_tokens", "completion_tokens", "requests", "retries", "cache_hits", "failed"}`,
    /// with `estimated` and `cost` when there are such.
    public var json: JSONValue {
        var o = JSONObject([
            ("pages", .int(pages)), ("prompt_tokens", .int(promptTokens)), ("completion_tokens", .int(completionTokens)),
            ("requests", .int(requests)), ("retries", .int(retries)), ("cache_hits", .int(cacheHits)), ("failed", .int(failed)),
        ])
        if estimated { o["estimated"] = .bool(true) }
        if let cost { o["cost"] = .number(formatCost(cost)) }
        return .object(o)
    }

    /// `5120 tokens in, 800 out, 14 requests (2 retries), 3 cache hits, cost 0.001200`
    public var summary: String {
        var line = "\(promptTokens) tokens in, \(completionTokens) out, \(requests) requests"
        if retries > 0 { line += " (\(retries) retries)" }
        line += ", \(cacheHits) cache hits"
        if let cost { line += ", cost \(formatCost(cost))" }
        return line
    }

    private static func count(_ value: JSONValue?) -> Int {
        guard let n = value?.intValue, n >= 0 else { return 0 }
        return n
    }
}

extension Int {
    func addingSaturating(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
