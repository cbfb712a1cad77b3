import Foundation
import Testing
@testable import UnifexDocument
import UnifexCore

/// What ux-merge makes of the language-model stage's answers: usage summed per document, and
/// the data alone, one line per page.
@Suite struct LLMOutputTests {
    func page(_ n: Int, of selected: Int, llm: String?, status: RecordStatus = .ok) throws -> PageRecord {
        var r = PageRecord(doc: "inv.pdf", source: "pdf", page: n, pageCount: selected, selected: selected)
        r.status = status
        if status != .ok { r["error"] = RecordError(stage: "llm", code: "llm-invalid", message: "still invalid").json }
        if let llm { r["llm"] = try JSONValue.parse(llm) }
        return r
    }

    @Test func documentRecordSumsTheUsageOfItsPages() throws {
        var assembler = DocumentAssembler(format: JSONFormat())
        _ = try assembler.add(page(1, of: 3, llm: #"{"data":{"a":1},"usage":{"prompt_tokens":100,"completion_tokens":20,"cost":0.000150},"attempts":1,"cached":false}"#))
        _ = try assembler.add(page(2, of: 3, llm: #"{"data":{"a":2},"usage":{"prompt_tokens":50,"completion_tokens":5},"attempts":0,"cached":true}"#))
        let document = try #require(try assembler.add(page(3, of: 3, llm: #"{"usage":{"prompt_tokens":300,"completion_tokens":60,"estimated":true,"cost":0.000400},"attempts":3,"cached":false}"#, status: .error)))
        let record = try #require(try JSONValue.parse(document.bytes().dropLast()).objectValue)
        let llm = try #require(record["llm"]?.objectValue)
        #expect(llm["pages"]?.intValue == 3)
        #expect(llm["prompt_tokens"]?.intValue == 450)
        #expect(llm["completion_tokens"]?.intValue == 85)
        #expect(llm["requests"]?.intValue == 4)
        #expect(llm["retries"]?.intValue == 2)
        #expect(llm["cache_hits"]?.intValue == 1)
        #expect(llm["failed"]?.intValue == 1)
        #expect(llm["estimated"]?.boolValue == true)
        #expect(llm["cost"]?.doubleValue == 0.00055)
    }

    @Test func hostileUsageIsNeitherNegativeNorAnOverflow() throws {
        var assembler = DocumentAssembler(format: JSONFormat())
        _ = try assembler.add(page(1, of: 3, llm: #"{"usage":{"prompt_tokens":9223372036854775807,"completion_tokens":-5,"cost":1e400},"attempts":-2}"#))
        _ = try assembler.add(page(2, of: 3, llm: #"{"usage":{"prompt_tokens":9223372036854775807,"completion_tokens":"many"},"attempts":1e300}"#))
        let document = try #require(try assembler.add(page(3, of: 3, llm: #"{"usage":"none","attempts":null}"#)))
        let usage = try #require(document.llmUsage)
        #expect(usage.promptTokens == Int.max)
        #expect(usage.completionTokens == 0)
        #expect(usage.requests == 0)
        #expect(usage.cost == nil)
        #expect(usage.pages == 3)
    }

    @Test func pagesWithoutLLMGiveNoUsage() throws {
        var assembler = DocumentAssembler(format: JSONFormat())
        let document = try #require(try assembler.add(page(1, of: 1, llm: nil)))
        #expect(document.llmUsage == nil)
        let record = try #require(try JSONValue.parse(document.bytes().dropLast()).objectValue)
        #expect(record["llm"] == nil)
    }

    @Test func dataFormatWritesOneLinePerPageAndLosesNone() throws {
        var assembler = DocumentAssembler(format: DataFormat())
        _ = try assembler.add(page(2, of: 3, llm: #"{"text":"a summary","usage":{"prompt_tokens":1,"completion_tokens":1}}"#))
        _ = try assembler.add(page(3, of: 3, llm: #"{"usage":{"prompt_tokens":1,"completion_tokens":1}}"#, status: .error))
        let document = try #require(try assembler.add(page(1, of: 3, llm: #"{"data":{"total":"12.50","lines":[1,2]},"usage":{"prompt_tokens":1,"completion_tokens":1}}"#)))
        let text = String(decoding: document.bytes(), as: UTF8.self)
        #expect(text == """
            {"doc":"inv.pdf","page":1,"status":"ok","data":{"total":"12.50","lines":[1,2]}}
            {"doc":"inv.pdf","page":2,"status":"ok","text":"a summary"}
            {"doc":"inv.pdf","page":3,"status":"error","data":null,"error":{"stage":"llm","code":"llm-invalid","message":"still invalid"}}

            """)
    }

    @Test func dataFormatKeepsADocumentThatCouldNotBeRead() throws {
        var assembler = DocumentAssembler(format: DataFormat())
        var missing = PageRecord(doc: "gone.pdf", source: "pdf", page: nil, pageCount: nil, selected: 1)
        missing.fail(.error, RecordError(stage: "split", code: "missing", message: "no such file"))
        let document = try #require(try assembler.add(missing))
        let line = try #require(try JSONValue.parse(document.bytes().dropLast()).objectValue)
        #expect(line["page"] == .null)
        #expect(line["status"]?.stringValue == "error")
        #expect(line["error"]?.objectValue?["code"]?.stringValue == "missing")
    }
}
