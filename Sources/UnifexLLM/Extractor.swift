import Foundation
public import UnifexCore

/// Sends a page's request, retries what the network or the server broke, asks again when the
/// reply is not what the schema wants, and returns what came of it. Shared by all pages in flight.
public final class Extractor: Sendable {
    public struct Settings: Sendable {
        /// Times a reply that is invalid, breaks the schema or is cut off is asked for again.
        public var maximumCorrections = 2
        public var retry = RetryPolicy()
        public var requestTimeout = 60.0
        /// The largest max_tokens a length cut may grow to.
        public var maximumTokensCeiling = 16_384

        public init() {}
    }

    private let sender: RequestSender
    private let settings: Settings
    private let cache: AnswerCache?
    public var health: EndpointHealth { sender.health }
    private var client: ChatClient { sender.client }

    public init(client: ChatClient, settings: Settings, limiter: RateLimiter?, cache: AnswerCache?) {
        var sending = RequestSender.Settings()
        sending.retry = settings.retry
        sending.requestTimeout = settings.requestTimeout
        self.sender = RequestSender(client: client, settings: sending, limiter: limiter)
        self.settings = settings; self.cache = cache
    }

    public var endpoint: String { client.displayURL }

    public var hasCache: Bool { cache != nil }

    /// Whether the cache holds an answer to `request` (what a dry run reports).
    public func isCached(_ request: ChatRequest) -> Bool {
        guard let cache else { return false }
        return cache.load(AnswerCache.key(endpoint: client.displayURL, request: request)).flatMap(Extraction.init(cacheEntry:)) != nil
    }

    /// - `meter`: kept up to date with the attempts and usage so far, for a page given up at its
    ///   deadline, whose task ends without returning anything that is used.
    public func extract(_ first: ChatRequest, meter: ExtractionMeter? = nil) async -> Extraction {
        let started = Date.timeIntervalSinceReferenceDate
        var result = Extraction(model: first.model)
        let key = cache.map { _ in AnswerCache.key(endpoint: client.displayURL, request: first) }
        if let cache, let key, let entry = cache.load(key), var hit = Extraction(cacheEntry: entry) {
            hit.seconds = Date.timeIntervalSinceReferenceDate - started
            await health.cacheHit()
            return hit
        }
        var request = first
        var corrections = 0
        var refusedOnly = true
        while true {
            let reply: ChatReply
            switch await send(request, into: &result, refusedOnly: &refusedOnly, meter: meter) {
            case .failure(let failure):
                result.allRefused = refusedOnly
                var failed = finished(result, started).failing(failure.code, failure.message, reply: failure.body)
                failed.notSent = failure.notSent
                return failed
            case .success(let answer):
                reply = answer
            }
            result.finishReason = reply.finishReason
            if let model = reply.model, !model.isEmpty { result.model = model }
            if let refusal = reply.refusal, !refusal.isEmpty {
                return finished(result, started).failing(.refused, "the model declined: \(refusal)", reply: refusal)
            }
            let content = reply.content ?? ""
            if reply.finishReason == "length" {
                guard corrections < settings.maximumCorrections else {
                    return finished(result, started).failing(
                        .truncated, "reply cut off at max_tokens \(request.maxTokens) after \(result.attempts) attempts", reply: content)
                }
                corrections += 1
                // The same max_tokens would cut the reply at the same place again.
                request.maxTokens = min(request.maxTokens * 2, max(settings.maximumTokensCeiling, request.maxTokens + 1))
                continue
            }
            guard let schema = request.schema else {
                result.text = content
                return await succeeded(result, started, key: key)
            }
            let problem: String
            switch Self.parseAnswer(content) {
            case .success(let value):
                guard let found = schema.firstProblem(in: value) else {
                    result.data = value
                    return await succeeded(result, started, key: key)
                }
                problem = "it breaks the schema at \(found)"
            case .failure(let error):
                problem = "it is not JSON (\(error.message))"
            }
            guard corrections < settings.maximumCorrections else {
                return finished(result, started).failing(.invalid, "reply still invalid after \(result.attempts) attempts: \(problem)",
                                                         reply: content)
            }
            corrections += 1
            request.corrections.append((reply: content, problem: problem))
        }
    }

    /// A reply's JSON; a fenced block (```json … ```) is unwrapped, as models outside json modes write them.
    static func parseAnswer(_ content: String) -> Result<JSONValue, ReplyError> {
        var text = Substring(content).drop(while: \.isWhitespace)
        while text.last?.isWhitespace == true { text.removeLast() }
        if text.hasPrefix("```") {
            if let newline = text.firstIndex(of: "\n") { text = text[text.index(after: newline)...] }
            if text.hasSuffix("```") { text = text.dropLast(3) }
        }
        do { return .success(try JSONValue.parse(String(text))) } catch {
            return .failure(ReplyError(message: error.description))
        }
    }

    /// One chat request through the shared sender; a 5xx saying the model takes no images is not retried.
    private func send(_ request: ChatRequest, into result: inout Extraction, refusedOnly: inout Bool,
                      meter: ExtractionMeter?) async -> Result<ChatReply, RequestSender.Failure> {
        let redactor = client.redactor
        return await sender.send(
            Array(request.body.serialized().utf8), estimate: request.estimatedPromptTokens + request.maxTokens,
            into: &result, refusedOnly: &refusedOnly, meter: meter,
            nonRetryable: { RetryPolicy.refusesImages($0) ? "the model takes no images: use a vision model, or --input text" : nil }
        ) { body throws(ReplyError) in
            var reply = try ChatReply.parse(body, redactor: redactor)
            let usage = reply.usage ?? Usage(promptTokens: request.estimatedPromptTokens,
                                             completionTokens: (reply.content?.count ?? 0) / 4 + 1, estimated: true)
            reply.usage = usage
            return (reply, usage)
        }
    }

    private func finished(_ result: Extraction, _ started: Double) -> Extraction {
        var r = result
        r.seconds = Date.timeIntervalSinceReferenceDate - started
        return r
    }

    private func succeeded(_ result: Extraction, _ started: Double, key: String?) async -> Extraction {
        let r = finished(result, started)
        if let cache, let key {
            do throws(CacheError) { try cache.store(key, r.cacheEntry) } catch {
                await health.cacheWriteFailed(error.message)
            }
        }
        return r
    }
}

extension Extraction {
    func failing(_ code: Failure, _ message: String, reply: String?) -> Extraction {
        var r = self
        r.failure = code
        r.message = message
        r.lastReply = reply
        return r
    }
}

func formatSeconds(_ s: Double) -> String {
    s.rounded() == s && abs(s) < 1e15 ? String(Int(s)) : String(s)
}

/// What all pages learn about the endpoint together: whether anything ever answered, and whether
/// it is no use sending more: it refused connections all along (down for good), or it refuses
/// the key. Then the rest is not sent.
public actor EndpointHealth {
    public private(set) var everAnswered = false
    public private(set) var everSucceeded = false
    /// Why nothing more is sent (`refuses connections`, `refuses the key (HTTP 401)`), once it is so.
    public private(set) var stopReason: String?
    public private(set) var cacheHits = 0
    /// The first reason a cache entry could not be written, for one message per run.
    public private(set) var cacheProblem: String?

    public var isDown: Bool { stopReason != nil }

    /// A reply with `status`. 401 means the key is wrong or revoked: every later request would be
    /// refused the same way. 403 before any success is the key's lack of access to the model.
    func answered(status: Int) {
        everAnswered = true
        if status == 200 { everSucceeded = true }
        if stopReason == nil, status == 401 || (status == 403 && !everSucceeded) {
            stopReason = "refuses the key (HTTP \(status))"
        }
    }
    func cacheHit() { cacheHits += 1 }
    func cacheWriteFailed(_ why: String) { if cacheProblem == nil { cacheProblem = why } }
    /// A page whose every attempt was refused: without a single answer so far, the endpoint is down.
    func refusedThroughout() { if !everAnswered, stopReason == nil { stopReason = "refuses connections" } }
}
