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
        /// Why a text has no vector, by its index; `result.failure` is the last failure's code.
        public var failures: [Int: String] = [:]
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
        var refusedOnly = true
        var outcomes = [(indices: missing, outcome: await send(model: model, missing.map { texts[$0] }, into: &batch.result,
                                                                refusedOnly: &refusedOnly, meter: meter))]
        if case .failure(let failure) = outcomes[0].outcome, failure.tooLong, missing.count > 1 {
            // One text too long fails the whole request: each is sent alone, so that only those
            // too long fail, not their neighbours.
            outcomes = []
            for i in missing {
                outcomes.append(([i], await send(model: model, [texts[i]], into: &batch.result, refusedOnly: &refusedOnly, meter: meter)))
            }
        }
        for (indices, outcome) in outcomes {
            switch outcome {
            case .failure(let failure):
                for i in indices { batch.failures[i] = failure.message }
                batch.result.allRefused = refusedOnly
                batch.result = batch.result.failing(failure.code, failure.message, reply: failure.body)
                batch.result.notSent = failure.notSent
            case .success(let reply):
                let name = reply.model.flatMap { $0.isEmpty ? nil : $0 } ?? model
                batch.result.model = name
                for (n, i) in indices.enumerated() {
                    let vector = Vector(numbers: reply.vectors[n], model: name, cached: false)
                    batch.vectors[i] = vector
                    if let cache, let keys {
                        do throws(CacheError) { try cache.store(keys[i], Self.cacheEntry(vector)) } catch {
                            await health.cacheWriteFailed(error.message)
                        }
                    }
                }
            }
        }
        batch.result.seconds = Date.timeIntervalSinceReferenceDate - started
        return batch
    }

    private struct Failure: Error {
        var code: Extraction.Failure
        var message: String
        var body: String?
        var notSent: Bool
        /// The server said a text is longer than the model takes.
        var tooLong: Bool
    }

    /// One request for `texts`, through the shared sender.
    private func send(model: String, _ texts: [String], into result: inout Extraction, refusedOnly: inout Bool,
                      meter: ExtractionMeter?) async -> Result<EmbeddingReply, Failure> {
        let request = EmbeddingRequest(model: model, inputs: texts)
        let redactor = sender.client.redactor
        var tooLong = false
        let outcome = await sender.send(
            Array(request.body.serialized().utf8), estimate: request.estimatedPromptTokens,
            into: &result, refusedOnly: &refusedOnly, meter: meter,
            nonRetryable: { message in
                guard RetryPolicy.inputTooLong(message) else { return nil }
                tooLong = true
                return "a text is longer than the model takes: cut it into smaller chunks"
            }
        ) { body throws(ReplyError) in
            let reply = try EmbeddingReply.parse(body, count: request.inputs.count, redactor: redactor)
            return (reply, reply.usage ?? Usage(promptTokens: request.estimatedPromptTokens, estimated: true))
        }
        return outcome.mapError { Failure(code: $0.code, message: $0.message, body: $0.body, notSent: $0.notSent, tooLong: tooLong) }
    }

    static func cacheEntry(_ vector: Vector) -> JSONObject {
        JSONObject([("model", .string(vector.model)), ("vector", .array(vector.numbers))])
    }

    static func vector(cacheEntry o: JSONObject) -> Vector? {
        guard let model = o["model"]?.stringValue, let numbers = o["vector"]?.arrayValue, !numbers.isEmpty,
              numbers.allSatisfy(isFiniteNumber) else { return nil }
        return Vector(numbers: numbers, model: model, cached: true)
    }
}
