public import UnifexCore
import Foundation

/// The outcome of one page's extraction: the answer, or why there is none, with what it cost.
public struct Extraction: Sendable {
    public enum Failure: String, Sendable {
        /// The reply never became valid JSON for the schema.
        case invalid = "llm-invalid"
        /// The reply was cut off at max_tokens every time.
        case truncated = "llm-truncated"
        /// The model declined to answer.
        case refused = "llm-refused"
        /// The server answered with an error status, or the connection failed.
        case http = "llm-http"
        /// No reply within --request-timeout.
        case timeout = "llm-timeout"
    }

    /// The validated JSON, with a schema.
    public var data: JSONValue?
    /// The free-text answer, without a schema.
    public var text: String?
    public var model: String
    public var usage = Usage()
    /// Requests sent for this page (0 for a cache hit).
    public var attempts = 0
    public var seconds = 0.0
    public var finishReason: String?
    public var cached = false
    public var failure: Failure?
    /// Why it failed, one line for people.
    public var message: String?
    /// The last reply's content (or body), kept on a failure so it can be looked at.
    public var lastReply: String?
    /// True when every request for this page found nothing listening.
    public var allRefused = false
    /// True when nothing was sent: the endpoint had been found down or refusing the key first.
    public var notSent = false

    public init(model: String) { self.model = model }

    /// The `llm` field of the page record.
    public func json(prices: Prices?) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [("model", .string(model))]
        if let data { pairs.append(("data", data)) }
        if let text { pairs.append(("text", .string(text))) }
        pairs.append(("usage", usage.json(prices: prices)))
        pairs.append(("attempts", .int(attempts)))
        pairs.append(("seconds", .double(seconds)))
        pairs.append(("finish_reason", finishReason.map(JSONValue.string) ?? .null))
        pairs.append(("cached", .bool(cached)))
        if failure != nil, let lastReply { pairs.append(("reply", .string(String(lastReply.prefix(8192))))) }
        return .object(JSONObject(pairs))
    }

    /// What the cache keeps of a success.
    var cacheEntry: JSONObject {
        var pairs: [(key: String, value: JSONValue)] = [("model", .string(model))]
        if let data { pairs.append(("data", data)) }
        if let text { pairs.append(("text", .string(text))) }
        pairs.append(("usage", usage.json(prices: nil)))
        pairs.append(("finish_reason", finishReason.map(JSONValue.string) ?? .null))
        return JSONObject(pairs)
    }

    init?(cacheEntry o: JSONObject) {
        guard let model = o["model"]?.stringValue, let usage = Usage(json: o["usage"]) else { return nil }
        self.init(model: model)
        data = o["data"]
        text = o["text"]?.stringValue
        guard data != nil || text != nil else { return nil }
        self.usage = usage
        finishReason = o["finish_reason"]?.stringValue
        cached = true
    }
}

/// What one page's extraction has cost so far, read while it runs: a page given up at its
/// deadline keeps the attempts and usage of the replies it had, and is counted once, by whichever
/// of its end and its deadline comes first.
public final class ExtractionMeter: @unchecked Sendable {
    private let lock = Lock()
    private let started = Date.timeIntervalSinceReferenceDate
    private var latest: Extraction
    private var closed = false

    public init(model: String) { latest = Extraction(model: model) }

    func update(_ result: Extraction) { lock.withLock { latest = result } }

    /// The attempts and usage so far, with the time since the page started.
    public var current: Extraction {
        lock.withLock {
            var result = latest
            result.seconds = Date.timeIntervalSinceReferenceDate - started
            return result
        }
    }

    /// True for the first caller only.
    public func close() -> Bool {
        lock.withLock {
            defer { closed = true }
            return !closed
        }
    }
}
