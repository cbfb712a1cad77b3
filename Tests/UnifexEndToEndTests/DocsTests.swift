import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// Examples in README and --help work as written.
@Suite(.needsCorpus) struct DocsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The password example reaches every tool of the pipeline, not just ux-split.
    @Test func passwordExamplesWorkAsWritten() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let help = try Tools.shell("ux-split --help").text
        let examples = (readme + "\n" + help).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.contains("UNIFEX_PASSWORD=secret") }
        #expect(examples.count == 2, "\(examples)")
        let locked = Tools.corpus.appendingPathComponent("encrypted/pdfplumber-password-example.pdf").path
        for example in examples {
            let script = example.replacingOccurrences(of: "locked.pdf", with: "'\(locked)'")
                .replacingOccurrences(of: "=secret", with: "=test")
            let result = try Tools.shell(script, environment: ["UNIFEX_PROGRESS": "none"])
            #expect(result.status == 0, "\(example): \(result.stderr)")
            #expect(!result.records.isEmpty && result.records.allSatisfy { $0["status"]?.stringValue == "ok" },
                    "\(example): \(result.stderr)")
        }
    }
}
