import Foundation
import UnifexCore
import UnifexTestSupport

/// Runs ux-llm on generated page records, as a user would.
enum LLMRun {
    /// The schema the tests extract with: one short string, so a small model cannot ramble.
    static let schema = #"{"type":"object","properties":{"title":{"type":"string","maxLength":40}},"required":["title"],"additionalProperties":false}"#

    /// Page records of one document whose text says which page it is ("page 3 of the report").
    static func pages(_ count: Int, doc: String = "report.pdf") -> Data {
        var lines = ""
        for page in 1...count {
            lines += #"{"v":1,"type":"page","doc":"\#(doc)","source":"pdf","page":\#(page),"page_count":\#(count),"selected":\#(count),"status":"ok","width":612,"height":792,"text":"page \#(page) of the report\n","words":[],"lines":[],"text_source":"pdf","text_layer":{"chars":20,"usable":true}}"# + "\n"
        }
        return Data(lines.utf8)
    }

    struct Output {
        var result: Tools.Result
        var records: [JSONObject] { result.records }
        var errorLines: [String] { result.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") } }
        func llm(_ i: Int) -> JSONObject? { records[i]["llm"]?.objectValue }
        var pages: [Int] { records.compactMap { $0["page"]?.intValue } }
    }

    /// Runs `ux-llm ARGS` with the test schema on `input`, in a scratch folder.
    static func run(_ arguments: String, input: Data, schema: String? = LLMRun.schema,
                    environment: [String: String] = [:], timeout: TimeInterval = 300) throws -> Output {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var schemaOption = ""
        if let schema {
            try Data(schema.utf8).write(to: dir.appendingPathComponent("schema.json"))
            schemaOption = "--schema schema.json "
        }
        var env = environment
        if env["UNIFEX_PROGRESS"] == nil { env["UNIFEX_PROGRESS"] = "none" }
        return Output(result: try Tools.shell("ux-llm \(schemaOption)\(arguments)", stdin: input, in: dir,
                                              environment: env, timeout: timeout))
    }
}
