import Foundation
import Testing
import UnifexCore

/// Options and schemas that cannot be sent as given are refused before anything is read or sent.
@Suite struct RefusedOptionTests {
    @Test(arguments: ["nan", "inf", "-1"])
    func aTemperatureThatIsNotANumberIsRefused(_ value: String) throws {
        let server = try ScriptedServer { _, _ in .answer(validAnswer) }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m --temperature=\(value)", input: LLMRun.pages(1))
        #expect(out.result.status == 64)
        #expect(out.result.stderr.contains("--temperature"), "\(out.result.stderr)")
        #expect(server.requests.isEmpty)
    }

    @Test(arguments: ["--max-tokens 50", "--temperature 0.5", "--structured prompt", "--image-dpi 300", "--image-max-side 1024"])
    func aChatSettingGivenWithEmbedIsRefused(_ option: String) throws {
        let server = try ScriptedServer { _, _ in .answer(validAnswer) }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m --embed \(option)", input: LLMRun.pages(1), schema: nil)
        #expect(out.result.status == 64, "\(out.result.stderr)")
        #expect(out.result.stderr.contains(String(option.prefix { $0 != " " })) && out.result.stderr.contains("chat extraction"),
                "\(out.result.stderr)")
        #expect(server.requests.isEmpty)
    }

    @Test func aSchemaWithARemoteReferenceIsRefused() throws {
        let server = try ScriptedServer { _, _ in .answer(validAnswer) }
        defer { server.stop() }
        let schema = #"{"type":"object","properties":{"title":{"$ref":"https://example.com/title.json"}}}"#
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m", input: LLMRun.pages(1), schema: schema)
        #expect(out.result.status == 64)
        #expect(out.result.stderr.contains("$ref https://example.com/title.json is not supported"), "\(out.result.stderr)")
        #expect(server.requests.isEmpty)
    }

    @Test func aReplyBreakingAReferencedSchemaIsAskedAgain() throws {
        let server = try ScriptedServer { n, _ in .answer(n == 1 ? #"{"title":5}"# : validAnswer) }
        defer { server.stop() }
        let schema = ##"{"type":"object","required":["title"],"properties":{"title":{"$ref":"#/$defs/t"}},"$defs":{"t":{"type":"string"}}}"##
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m -j1", input: LLMRun.pages(1), schema: schema)
        #expect(out.records.first?["status"]?.stringValue == "ok")
        #expect(out.llm(0)?["attempts"]?.intValue == 2)
    }
}
