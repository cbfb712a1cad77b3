import Foundation
import Testing
import UnifexCore
import UnifexTestSupport

/// `--scope document`: a document's pages in one request, up to `--max-pages-per-request`.
@Suite struct DocumentScopeTests {
    static let validator = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("schema/validate.py").path

    @Test func aDocumentsPagesGoTogetherAndEveryPageComesOut() throws {
        let server = try ScriptedServer { _, _ in .answer(#"{"title":"t"}"#) }
        defer { server.stop() }
        var input = LLMRun.pages(7, doc: "a.pdf")
        input.append(LLMRun.pages(2, doc: "b.pdf"))
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m --scope document --max-pages-per-request 3 -j2",
                                 input: input)
        #expect(out.result.status == 0)
        #expect(out.records.map { $0["doc"]?.stringValue ?? "" } == Array(repeating: "a.pdf", count: 7) + ["b.pdf", "b.pdf"])
        #expect(out.pages == [1, 2, 3, 4, 5, 6, 7, 1, 2])
        #expect(server.requests.count == 4)
        let sent = server.requests.map(\.pageText).sorted()
        #expect(sent.contains { $0.contains("--- page 4 ---\npage 4 of the report") && $0.contains("--- page 6 ---") && !$0.contains("--- page 7 ---") })
        func covers(_ i: Int) -> [Int]? { out.llm(i)?["pages"]?.arrayValue?.compactMap(\.intValue) }
        #expect(covers(0) == [1, 2, 3] && covers(3) == [4, 5, 6] && covers(6) == [7] && covers(7) == [1, 2])
        #expect(out.llm(0)?["data"]?.objectValue?["title"]?.stringValue == "t")
        #expect(out.llm(1)?["answered_on"]?.intValue == 1 && out.llm(1)?["usage"] == nil)
        #expect(out.llm(5)?["answered_on"]?.intValue == 4)
        let checked = try Tools.shell("python3 '\(Self.validator)' --schema page", stdin: out.result.stdout)
        #expect(checked.status == 0, "\(checked.text)\(checked.stderr)")
        // The data alone: one line per request, naming the pages it covers; usage counted once.
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let merged = try Tools.shell("ux-merge --format jsonl-data --report '\(dir.path)/r.json'", stdin: out.result.stdout)
        #expect(merged.records.map { $0["pages"]?.arrayValue?.compactMap(\.intValue) ?? [] } == [[1, 2, 3], [4, 5, 6], [7], [1, 2]])
        let llm = try JSONValue.parse(String(contentsOfFile: "\(dir.path)/r.json", encoding: .utf8)).objectValue?["llm"]?.objectValue
        #expect(llm?["requests"]?.intValue == 4)
        #expect(llm?["prompt_tokens"]?.intValue == 4 * ScriptedServer.promptTokens)
    }

    @Test func aFailedRequestFailsItsPagesAndOthersPassThrough() throws {
        let server = try ScriptedServer { _, body in
            body.pageText.contains("--- page 4 ---") ? .answer("not json") : .answer(#"{"title":"t"}"#)
        }
        defer { server.stop() }
        var lines = String(decoding: LLMRun.pages(5), as: UTF8.self).split(separator: "\n").map(String.init)
        // Page 2 failed upstream: it goes through as it came and is not sent.
        lines[1] = lines[1].replacingOccurrences(of: #""status":"ok""#, with: #""status":"error","error":{"stage":"ocr","code":"timeout","message":"slow"}"#)
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m --scope document --max-pages-per-request 2 --max-retries 0",
                                 input: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(out.pages == [1, 2, 3, 4, 5])
        #expect(out.records.map { $0["status"]?.stringValue } == ["ok", "error", "ok", "error", "error"])
        #expect(out.records[1]["error"]?.objectValue?["stage"]?.stringValue == "ocr")
        #expect(out.records[1]["llm"] == nil)
        #expect(out.llm(0)?["pages"]?.arrayValue?.compactMap(\.intValue) == [1, 3])
        #expect(out.records[3]["error"]?.objectValue?["code"]?.stringValue == "llm-invalid")
        #expect(out.records[4]["error"]?.objectValue?["code"]?.stringValue == "llm-invalid")
        #expect(out.llm(4)?["answered_on"]?.intValue == 4)
        #expect(server.requests.count == 2)
    }

    @Test func documentScopeRefusesImages() throws {
        let out = try LLMRun.run("--base-url http://127.0.0.1:9/v1 --model m --scope document --input image", input: LLMRun.pages(1))
        #expect(out.result.status == 64)
        #expect(out.result.stderr.contains("--scope document sends the pages' text"))
    }
}
