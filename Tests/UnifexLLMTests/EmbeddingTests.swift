import Foundation
import Testing
import UnifexCore
import UnifexTestSupport

/// `ux-llm --embed` against the scripted server: batches, order, faults, the cache, the key and
/// concurrency. The server's vector for a text is [its length, its first character's code, 0.5],
/// so each record can be checked to carry its own text's vector.
@Suite struct EmbeddingTests {
    /// Chunk records as ux-merge --format chunks writes them (no status), of two documents.
    static func chunks(_ count: Int) -> Data {
        var lines = ""
        for n in 1...count {
            let doc = n <= count / 2 ? "a.pdf" : "b.pdf"
            let text = "## Part \(n)\n\nchunk \(n) says " + String(repeating: "x", count: n)
            lines += #"{"v":1,"type":"chunk","doc":"\#(doc)","file_id":"f\#(doc)","chunk":\#(n),"headings":["Part \#(n)"],"text":\#(JSONValue.string(text).serialized()),"pages":[\#(n),\#(n)],"boxes":[{"page":\#(n),"box":[72,72,540,100]}],"tokens":9,"tokenizer":"unifex-estimate-1"}"# + "\n"
        }
        return Data(lines.utf8)
    }

    static func run(_ server: ScriptedServer, _ options: String, input: Data = chunks(10),
                    environment: [String: String] = [:]) throws -> LLMRun.Output {
        try LLMRun.run("--embed --base-url \(server.baseURL) --model e --http-retries 2 --request-timeout 5 \(options)",
                       input: input, schema: nil, environment: environment)
    }

    /// Each record carries the vector of its own text, in input order.
    static func expectOwnVectors(_ out: LLMRun.Output, skipping failed: Set<Int> = []) {
        for (i, record) in out.records.enumerated() where !failed.contains(i) {
            let text = record["text"]?.stringValue ?? ""
            let embedding = record["embedding"]?.objectValue
            #expect(record["status"]?.stringValue == "ok")
            #expect(embedding?["dim"]?.intValue == 3)
            #expect(embedding?["model"]?.stringValue == "scripted-embed")
            #expect(embedding?["vector"]?.arrayValue?.first?.intValue == text.count, "record \(i)")
        }
    }

    @Test func batchesCarryBatchTextsAndRecordsKeepTheirOrder() throws {
        let server = try ScriptedServer { _, _ in .embeddings() }
        defer { server.stop() }
        let out = try Self.run(server, "--batch 3 -j2")
        #expect(out.result.status == 0, "\(out.result.stderr)")
        #expect(out.records.map { $0["chunk"]?.intValue } == Array(1...10).map { $0 })
        Self.expectOwnVectors(out)
        // 10 texts, 3 a request: 4 requests, to the embeddings endpoint.
        #expect(server.requests.map(\.embeddingInputs.count).sorted() == [1, 3, 3, 3])
        #expect(server.requestHeaders.allSatisfy { $0.hasPrefix("POST /v1/embeddings ") })
        #expect(server.requests.first?.objectValue?["model"]?.stringValue == "e")
        // The request's cost is said once, on the first record it carried.
        let requests = out.records.compactMap { $0["embedding"]?.objectValue?["request"]?.objectValue }
        #expect(requests.count == 4)
        #expect(requests.map { $0["inputs"]?.intValue } == [3, 3, 3, 1])
        #expect(out.records[0]["embedding"]?.objectValue?["request"]?.objectValue?["usage"]?.objectValue?["prompt_tokens"]?.intValue == 33)
        #expect(out.result.stderr.contains("done: 10 records, 4 requests"), "\(out.result.stderr)")
    }

    @Test func pageRecordsAreEmbeddedAndOthersPassThrough() throws {
        let server = try ScriptedServer { _, _ in .embeddings() }
        defer { server.stop() }
        var input = String(decoding: LLMRun.pages(2), as: UTF8.self)
        input += #"{"v":1,"type":"page","doc":"c.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok","text":"  \n"}"# + "\n"
        input += #"{"v":1,"type":"page","doc":"d.pdf","source":"pdf","page":null,"page_count":null,"selected":1,"status":"error","error":{"stage":"split","code":"unreadable","message":"not a PDF"}}"# + "\n"
        let out = try Self.run(server, "--batch 8", input: Data(input.utf8))
        #expect(out.records.count == 4)
        Self.expectOwnVectors(LLMRun.Output(result: out.result), skipping: [2, 3])
        // A page without text is not sent, and says why.
        #expect(out.records[2]["embedding"] == nil)
        #expect(out.records[2]["warnings"]?.arrayValue?.first?.stringValue?.contains("no text to embed") == true)
        // A record another stage failed goes through untouched.
        #expect(out.records[3]["embedding"] == nil && out.records[3]["error"]?.objectValue?["stage"]?.stringValue == "split")
        #expect(server.requests.map(\.embeddingInputs.count) == [2])
    }

    @Test func aServerErrorIsRetriedThenFailsOnlyItsBatch() throws {
        let server = try ScriptedServer { _, body in
            body.embeddingInputs.contains { $0.contains("chunk 4 ") } ? .status(500) : .embeddings()
        }
        defer { server.stop() }
        let out = try Self.run(server, "--batch 3 -j4")
        #expect(out.result.status == 1)
        #expect(out.records.count == 10)
        // Chunks 4 to 6 went in one request: all three fail, with what the server said.
        Self.expectOwnVectors(out, skipping: [3, 4, 5])
        for i in 3...5 {
            let error = out.records[i]["error"]?.objectValue
            #expect(out.records[i]["status"]?.stringValue == "error")
            #expect(error?["code"]?.stringValue == "llm-http")
            #expect(error?["message"]?.stringValue?.contains("HTTP 500") == true)
            #expect(out.records[i]["embedding"]?.objectValue?["vector"] == nil)
        }
        let request = out.records[3]["embedding"]?.objectValue?["request"]?.objectValue
        #expect(request?["attempts"]?.intValue == 3)
        #expect(request?["reply"]?.stringValue?.contains("scripted 500") == true)
        #expect(out.errorLines.count == 3)
    }

    @Test func tooManyRequestsWaitsForRetryAfter() throws {
        let counter = Counter()
        let server = try ScriptedServer { _, _ in counter.next() == 1 ? .status(429, retryAfter: "1") : .embeddings() }
        defer { server.stop() }
        let out = try Self.run(server, "--batch 10 -j1")
        #expect(out.result.status == 0)
        Self.expectOwnVectors(out)
        let request = out.records[0]["embedding"]?.objectValue?["request"]?.objectValue
        #expect(request?["attempts"]?.intValue == 2)
        #expect((request?["seconds"]?.doubleValue ?? 0) >= 1.0)
    }

    @Test func aResetAndAReplyMissingAVectorAreSentAgain() throws {
        let counter = Counter()
        let server = try ScriptedServer { _, _ in
            switch counter.next() {
            case 1: .reset
            case 2: .embeddings(count: 1)
            default: .embeddings()
            }
        }
        defer { server.stop() }
        let out = try Self.run(server, "--batch 10 -j1")
        #expect(out.result.status == 0, "\(out.result.stderr)")
        Self.expectOwnVectors(out)
        #expect(out.records[0]["embedding"]?.objectValue?["request"]?.objectValue?["attempts"]?.intValue == 3)
    }

    @Test func aTextTooLongForTheModelFailsAloneAndIsNotSentAgain() throws {
        let server = try ScriptedServer { _, body in
            body.embeddingInputs.contains { $0.contains("chunk 2 ") }
                ? .error(500, "input (900 tokens) is too large to process. increase the physical batch size (current batch size: 512)")
                : .embeddings()
        }
        defer { server.stop() }
        let out = try Self.run(server, "--batch 3 -j1", input: Self.chunks(4))
        #expect(out.result.status == 1)
        // The batch of chunks 1-3 fails; each of its texts is sent alone, chunk 2 once, not retried.
        #expect(server.requests.map(\.embeddingInputs.count) == [3, 1, 1, 1, 1])
        Self.expectOwnVectors(out, skipping: [1])
        let message = out.records[1]["error"]?.objectValue?["message"]?.stringValue ?? ""
        #expect(message.contains("too large to process") && message.contains("smaller chunks"), "\(message)")
        #expect(out.records[0]["embedding"]?.objectValue?["request"]?.objectValue?["attempts"]?.intValue == 4)
        #expect(out.result.stderr.contains("done: 4 records (1 failed)"), "\(out.result.stderr)")
    }

    @Test func aCachedRerunSendsNothing() throws {
        let cache = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: cache) }
        let server = try ScriptedServer { _, _ in .embeddings() }
        defer { server.stop() }
        let first = try Self.run(server, "--batch 4 -j2 --cache \(cache.path)/c")
        let sent = server.requests.count
        #expect(sent == 3)
        // Another batch size, the same texts: every one is found, nothing is sent.
        let second = try Self.run(server, "--batch 7 -j3 --cache \(cache.path)/c")
        #expect(server.requests.count == sent)
        #expect(second.result.status == 0)
        Self.expectOwnVectors(second)
        for (a, b) in zip(first.records, second.records) {
            #expect(a["embedding"]?.objectValue?["vector"] == b["embedding"]?.objectValue?["vector"])
            #expect(b["embedding"]?.objectValue?["cached"]?.boolValue == true)
            #expect(b["embedding"]?.objectValue?["request"] == nil)
        }
        #expect(second.result.stderr.contains("0 requests, 10 cache hits"), "\(second.result.stderr)")
    }

    @Test func requestsInFlightAreJobsEachCarryingABatch() throws {
        let server = try ScriptedServer { _, _ in .embeddings(delay: 0.4) }
        defer { server.stop() }
        let out = try Self.run(server, "--batch 2 -j4", input: Self.chunks(16))
        #expect(out.result.status == 0)
        Self.expectOwnVectors(out)
        #expect(server.requests.count == 8)
        #expect(server.peakConcurrency == 4)
    }

    @Test func theKeyIsSentAndNeverShown() throws {
        let key = "sk-embed-\(UUID().uuidString)"
        let server = try ScriptedServer { _, _ in .echoHeaders(401, .json) }
        defer { server.stop() }
        let out = try Self.run(server, "--batch 3 -j1", environment: ["OPENAI_API_KEY": key])
        #expect(server.requestHeaders.first?.contains("Bearer \(key)") == true)
        #expect(!out.result.text.contains(key) && !out.result.stderr.contains(key))
        // A refused key stops the batch: the rest is not sent, and the exit status says so.
        #expect(server.requests.count == 1)
        #expect(out.result.status == 69)
        #expect(out.records.count == 10)
        #expect(out.records[9]["error"]?.objectValue?["message"]?.stringValue?.hasPrefix("not sent:") == true)
    }

    @Test func embeddedAndFailedRecordsMatchTheSchemas() throws {
        let server = try ScriptedServer { _, body in
            body.embeddingInputs.contains { $0.contains("chunk 4 ") || $0.contains("page 2 ") } ? .status(500) : .embeddings()
        }
        defer { server.stop() }
        let validator = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schema/validate.py").path
        let chunks = try Self.run(server, "--batch 3 --http-retries 0")
        #expect(chunks.records.map { $0["status"]?.stringValue }.filter { $0 == "error" }.count == 3)
        let checkedChunks = try Tools.shell("python3 '\(validator)' --schema chunk", stdin: chunks.result.stdout)
        #expect(checkedChunks.status == 0, "\(checkedChunks.text)\(checkedChunks.stderr)")
        let pages = try Self.run(server, "--batch 2 --http-retries 0", input: LLMRun.pages(4))
        #expect(pages.records.map { $0["status"]?.stringValue } == ["error", "error", "ok", "ok"])
        let checkedPages = try Tools.shell("python3 '\(validator)' --schema page", stdin: pages.result.stdout)
        #expect(checkedPages.status == 0, "\(checkedPages.text)\(checkedPages.stderr)")
    }

    @Test(arguments: ["--schema s.json", "--prompt hi", "--scope document", "--input image", "--dry-run", "--batch 0"])
    func optionsOfChatExtractionAreRefused(_ option: String) throws {
        let out = try LLMRun.run("--embed --model e \(option)", input: Self.chunks(2), schema: nil)
        #expect(out.result.status == 64, "\(option)")
        #expect(out.records.isEmpty)
    }

    @Test func batchWithoutEmbedIsRefused() throws {
        let out = try LLMRun.run("--model m --batch 4", input: Self.chunks(2))
        #expect(out.result.status == 64)
        #expect(out.result.stderr.contains("--batch works with --embed"))
    }
}
