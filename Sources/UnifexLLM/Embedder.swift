import Foundation
public import UnifexCore

/// Asks an embeddings endpoint for the vectors of a batch of texts, through the same sender as
/// chat extraction (rate limits, retries, the endpoint's health, usage) and the same answer cache,
/// one entry a text: a text already embedded is not sent again, and a batch whose texts are all
/// cached sends nothing.
public final class Embedder: Sendable {
    private let sender: RequestSender
    private let cache: AnswerCache?
    public var health: EndpointHealth { sender.health }

    public init(client: ChatClient, settings: RequestSender.Settings, limiter: RateLimiter?, cache: AnswerCache?) {
        sender = RequestSender(client: client, settings: settings, limiter: limiter)
        self.cache = cache
    }

    public var endpoint: String { sender.endpoint }

    /// What came of one batch: a vector for each text (nil where the request failed), and what the
    /// request cost, as an extraction's accounting (attempts, usage, seconds, the failure).
    public struct Batch: Sendable {
        public var vectors: [Vector?]
        public var result: Extraction
        /// The texts that were sent (not answered by the cache).
        public var sent: Int
    }

    public struct Vector: Sendable {
        public var numbers: [JSONValue]
        /// The model that made it, as the server named it.
        public var model: String
        public var cached: Bool

        /// The record's `embedding`: `{"model", "dim", "vector"}`, with `cached` when it came from the cache.
        public var json: JSONObject {
            var o = JSONObject([("model", .string(model)), ("dim", .int(numbers.count)), ("vector", .array(numbers))])
            if cached { o["cached"] = .bool(true) }
            return o
        }
    }

    /// - `meter`: kept up to date with the attempts and usage so far, for a batch given up at its deadline.
    public func embed(model: String, texts: [String], meter: ExtractionMeter? = nil) async -> Batch {
        let started = Date.timeIntervalSinceReferenceDate
        var batch = Batch(vectors: [Vector?](repeating: nil, count: texts.count), result: Extraction(model: model), sent: 0)
        let keys = cache.map { _ in texts.map { AnswerCache.key(endpoint: sender.endpoint, embeddingModel: model, text: $0) } }
        var missing: [Int] = []
        for i in texts.indices {
            if let cache, let keys, let hit = cache.load(keys[i]).flatMap(Self.vector(cacheEntry:)) {
                batch.vectors[i] = hit
                await health.cacheHit()
            } else {
                missing.append(i)
            }
        }
        guard !missing.isEmpty else {
            batch.result.cached = true
            batch.result.seconds = Date.timeIntervalSinceReferenceDate - started
            return batch
        }
        batch.sent = missing.count
        let request = EmbeddingRequest(model: model, inputs: missing.map { texts[$0] })
        var refusedOnly = true
        let redactor = sender.client.redactor
        let outcome = await sender.send(
            Array(request.body.serialized().utf8), estimate: request.estimatedPromptTokens,
            into: &batch.result, refusedOnly: &refusedOnly, meter: meter,
            nonRetryable: { RetryPolicy.inputTooLong($0) ? "a text is longer than the model takes: cut it into smaller chunks" : nil }
        ) { body throws(ReplyError) in
            let reply = try EmbeddingReply.parse(body, count: request.inputs.count, redactor: redactor)
            return (reply, reply.usage ?? Usage(promptTokens: request.estimatedPromptTokens, estimated: true))
        }
        switch outcome {
        case .failure(let failure):
            batch.result.allRefused = refusedOnly
            batch.result = batch.result.failing(failure.code, failure.message, reply: failure.body)
            batch.result.notSent = failure.notSent
        case .success(let reply):
            let name = reply.model.flatMap { $0.isEmpty ? nil : $0 } ?? model
            batch.result.model = name
            for (n, i) in missing.enumerated() {
                let vector = Vector(numbers: reply.vectors[n], model: name, cached: false)
                batch.vectors[i] = vector
                if let cache, let keys {
                    do throws(CacheError) { try cache.store(keys[i], Self.cacheEntry(vector)) } catch {
                        await health.cacheWriteFailed(error.message)
                    }
                }
            }
        }
        batch.result.seconds = Date.timeIntervalSinceReferenceDate - started
        return batch
    }

    /// Whether the cache holds the embedding of `text` (what a dry run reports).
    public func isCached(model: String, text: String) -> Bool {
        guard let cache else { return false }
        return cache.load(AnswerCache.key(endpoint: sender.endpoint, embeddingModel: model, text: text))
            .flatMap(Self.vector(cacheEntry:)) != nil
    }

    static func cacheEntry(_ vector: Vector) -> JSONObject {
        JSONObject([("model", .string(vector.model)), ("vector", .array(vector.numbers))])
    }

    static func vector(cacheEntry o: JSONObject) -> Vector? {
        guard let model = o["model"]?.stringValue, let numbers = o["vector"]?.arrayValue, !numbers.isEmpty,
              numbers.allSatisfy({ $0.doubleValue?.isFinite == true }) else { return nil }
        return Vector(numbers: numbers, model: model, cached: true)
    }
}
