import UXShared
import UnifexCore
import UnifexLLM

/// `--embed`: each chunk record's (or page record's) text goes to an embeddings endpoint,
/// `--batch` texts a request and `-j` requests in flight, and comes back with
/// `embedding: {"model", "dim", "vector"}`. The records stay in input order, whatever the batches.
///
/// The first record a request carried also says what the request cost, under
/// `embedding.request` (`inputs`, `usage`, `attempts`, `seconds`), so usage is counted once; a
/// failed request fails every record it carried; a text the cache holds is not sent.
extension LLMRun {
    struct Embedding: Sendable {
        let embedder: Embedder
        /// The model name as sent.
        let model: String
        /// Texts a request.
        let batch: Int
    }

    /// Chunks, and pages other stages did not fail. A chunk record carries no status of its own
    /// (ux-merge writes it): it is taken as ok.
    static func wantsEmbedding(_ record: PageRecord) -> Bool {
        switch record["type"]?.stringValue ?? "page" {
        case "chunk": record["status"] == nil || record.status == .ok
        case "page": record.status == .ok && record.page != nil
        default: false
        }
    }

    /// Consecutive records, up to `size` of them wanted, whatever their documents: a request
    /// may carry chunks of several.
    static func batchGrouping(size: Int) -> RecordGrouping {
        RecordGrouping(limit: size) { _ in "" }
    }

    /// The text to embed: a chunk's Markdown, a page's text; nil when there is none.
    static func embeddingText(_ record: PageRecord) -> String? {
        guard let text = record["text"]?.stringValue, text.contains(where: { !$0.isWhitespace }) else { return nil }
        return text
    }

    /// Which record a request's meter belongs to: its document, page and chunk number.
    static func embeddingKey(_ record: PageRecord) -> String {
        meterKey(record) + "\u{0}" + String(record["chunk"]?.intValue ?? 0)
    }

    func embeddedPages(_ input: [PageRecord]) async -> [PageRecord] {
        guard let embedding else { return input }
        var records = input
        var sent: [Int] = []
        for i in records.indices where Self.wantsEmbedding(records[i]) {
            // The record goes out as this stage's result, embedded or not; it says ok until a request fails it.
            records[i].status = .ok
            if Self.embeddingText(records[i]) != nil {
                sent.append(i)
            } else {
                records[i].addWarnings(["no text to embed: the record has no text (run ux-text or ux-ocr first)"])
            }
        }
        guard let first = sent.first else { return records }
        let work = start(Self.embeddingKey(records[first]), model: embedding.model, input: "text", saved: nil, pages: sent.count)
        defer { end(work) }
        let texts = sent.map { Self.embeddingText(records[$0]) ?? "" }
        let batch = await embedding.embedder.embed(model: embedding.model, texts: texts, meter: work?.meter)
        var result = batch.result
        // Past the deadline the records say timeout, whatever came back.
        if Task.isCancelled, result.failure == nil { result.failure = .timeout }
        work?.finish(result)
        if work?.meter.close() == true {
            progress.setDetail(totals.add(result, saved: 0, pages: sent.count, failed: batch.failures.count))
        }
        var accounted = false
        for (n, i) in sent.enumerated() {
            var json = batch.vectors[n]?.json ?? JSONObject([("model", .string(result.model))])
            // The request is said on the first record it carried (a cached text was not sent).
            if !accounted, batch.vectors[n]?.cached != true {
                json["request"] = .object(Self.requestJSON(result, inputs: batch.sent, prices: prices))
                accounted = true
            }
            records[i]["embedding"] = .object(json)
            if batch.vectors[n] == nil, let code = result.failure {
                records[i].fail(code == .timeout ? .timeout : .error,
                                RecordError(stage: StageName.llm, code: code.rawValue,
                                            message: batch.failures[n] ?? result.message ?? code.rawValue))
            }
        }
        return records
    }

    /// `{"inputs", "usage", "attempts", "seconds"}`, and the last `reply` when it failed.
    static func requestJSON(_ result: Extraction, inputs: Int, prices: Prices?) -> JSONObject {
        var o = JSONObject([("inputs", .int(inputs)), ("usage", result.usage.json(prices: prices)),
                            ("attempts", .int(result.attempts)), ("seconds", .double(result.seconds))])
        if result.failure != nil, let reply = result.lastReply { o["reply"] = .string(String(reply.prefix(8192))) }
        return o
    }

    /// A batch given up at its deadline keeps what its request cost so far, on its first record.
    func embeddingTimedOut(_ records: [PageRecord]) -> [PageRecord] {
        var records = records
        let sent = records.indices.filter { Self.wantsEmbedding(records[$0]) && Self.embeddingText(records[$0]) != nil }
        guard let first = sent.first, let embedding else { return records }
        guard let work = meters.take(Self.embeddingKey(records[first])) else {
            // Its task never began (the deadline came first): nothing was spent, but it failed.
            progress.setDetail(totals.failedUnsent(pages: sent.count, started: false))
            return records
        }
        var partial = work.result ?? work.meter.current
        partial.failure = .timeout
        if work.meter.close() { progress.setDetail(totals.add(partial, saved: 0, pages: work.pages)) }
        records[first]["embedding"] = .object(JSONObject([
            ("model", .string(embedding.model)),
            ("request", .object(Self.requestJSON(partial, inputs: sent.count, prices: prices))),
        ]))
        return records
    }
}
