import Foundation
import Testing
import UnifexCore
import UnifexLLM
import UnifexTestSupport

/// ux-llm against a real OpenAI-compatible server. A 135M model invents its values, so these check
/// structure, schema validity, order, usage and concurrency, never what the model said.
@Suite(.serialized, .enabled(if: RealServer.enabled, Comment(rawValue: RealServer.skipReason)))
struct RealServerTests {
    static let schema = try! JSONSchema(JSONValue.parse(LLMRun.schema))

    func url() throws -> String { try #require(RealServer.baseURL, "llama-server could not be started (CI)") }

    @Test func schemaExtractionFourInFlight() throws {
        let base = try url()
        let watch = try SlotWatch(baseURL: base)
        let out = try LLMRun.run("--base-url \(base) --model smollm2 -j4 --max-tokens 48 --request-timeout 120",
                                 input: LLMRun.pages(4))
        let busy = watch.mostBusy()
        #expect(out.pages == [1, 2, 3, 4])
        for record in out.records {
            let llm = try #require(record["llm"]?.objectValue)
            #expect((llm["seconds"]?.doubleValue ?? 0) > 0)
            #expect((llm["attempts"]?.intValue ?? 0) >= 1)
            #expect(llm["cached"]?.boolValue == false)
            let usage = try #require(Usage(json: llm["usage"]))
            #expect(usage.promptTokens > 0 && usage.completionTokens > 0 && !usage.estimated)
            if record["status"]?.stringValue == "ok" {
                #expect(Self.schema.firstProblem(in: try #require(llm["data"])) == nil)
                #expect(llm["finish_reason"]?.stringValue == "stop")
            } else {
                // A cut-off or invalid reply is reported with what came back, never dropped.
                let code = record["error"]?.objectValue?["code"]?.stringValue
                #expect(code == "llm-truncated" || code == "llm-invalid")
                #expect(llm["reply"]?.stringValue != nil)
            }
        }
        // The server's json_schema grammar keeps its replies valid: most pages are ok.
        #expect(out.records.filter { $0["status"]?.stringValue == "ok" }.count >= 3)
        // Four requests in flight on -np 4: the server saw several of its slots decoding at once.
        #expect(busy >= 2, "at most \(busy) of the server's slots were busy at once: not concurrent")
    }

    @Test func freeTextAndACachedRerun() throws {
        let cache = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: cache) }
        let options = "--base-url \(try url()) --model smollm2 -j2 --max-tokens 64 --prompt 'Give the page a short title.' --cache '\(cache.path)'"
        let first = try LLMRun.run(options, input: LLMRun.pages(2), schema: nil)
        #expect(first.pages == [1, 2])
        for record in first.records {
            let llm = try #require(record["llm"]?.objectValue)
            if record["status"]?.stringValue == "ok" {
                #expect(llm["text"]?.stringValue != nil)
                #expect(llm["finish_reason"]?.stringValue == "stop")
            } else {
                // Rambled past max_tokens three times (64, 128, 256): reported with what it said.
                #expect(record["error"]?.objectValue?["code"]?.stringValue == "llm-truncated")
                #expect(llm["reply"]?.stringValue != nil && llm["attempts"]?.intValue == 3)
            }
        }
        let firstOK = first.records.filter { $0["status"]?.stringValue == "ok" }
        let again = try LLMRun.run(options, input: LLMRun.pages(2), schema: nil)
        let cached = again.records.filter { $0["llm"]?.objectValue?["cached"]?.boolValue == true }
        #expect(cached.count == firstOK.count)
        for (a, b) in zip(first.records, again.records) where a["status"]?.stringValue == "ok" {
            #expect(a["llm"]?.objectValue?["text"] == b["llm"]?.objectValue?["text"])
            #expect(a["llm"]?.objectValue?["usage"] == b["llm"]?.objectValue?["usage"])
        }
    }

    @Test func jsonObjectModeIsValidatedAfterwards() throws {
        let out = try LLMRun.run("--base-url \(try url()) --model smollm2 -j2 --max-tokens 48 --structured json-object --max-retries 1",
                                 input: LLMRun.pages(2))
        #expect(out.pages == [1, 2])
        for record in out.records {
            let llm = try #require(record["llm"]?.objectValue)
            if record["status"]?.stringValue == "ok" {
                #expect(Self.schema.firstProblem(in: try #require(llm["data"])) == nil)
            } else {
                let code = record["error"]?.objectValue?["code"]?.stringValue
                #expect(code == "llm-invalid" || code == "llm-truncated")
                #expect(llm["attempts"]?.intValue == 2)
            }
        }
    }
}
