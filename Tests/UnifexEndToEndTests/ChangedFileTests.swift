import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// A file replaced at the same path between ux-split and a later stage is not read as if it were
/// the one split: its pages would be another document's under this one's name.
@Suite struct ChangedFileTests {
    @Test func aReplacedFileGivesChangedRecordsNotAnotherDocumentsText() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Fixture.make(#"{"pages":[{"lines":[{"x":72,"y":100,"size":12,"text":"Apples first"}]},{"lines":[{"x":72,"y":100,"size":12,"text":"Apples second"}]}]}"#,
                             name: "x.pdf", in: dir)
        let split = try Tools.shell("ux-split x.pdf > pages.ndjson", in: dir)
        #expect(split.status == 0)
        // A new version arrives the way downloads and editors write files: a new file renamed over the old.
        _ = try Fixture.make(#"{"pages":[{"lines":[{"x":72,"y":100,"size":12,"text":"Bananas first"}]},{"lines":[{"x":72,"y":100,"size":12,"text":"Bananas second"}]}]}"#,
                             name: "new.pdf", in: dir)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("x.pdf"))
        try FileManager.default.moveItem(at: dir.appendingPathComponent("new.pdf"), to: dir.appendingPathComponent("x.pdf"))
        for executor in ["thread", "process"] {
            let text = try Tools.shell("ux-text --executor \(executor) < pages.ndjson", in: dir)
            #expect(text.status == 1)
            #expect(text.records.count == 2)
            #expect(text.records.allSatisfy { $0["error"]?.objectValue?["code"]?.stringValue == "changed" })
            #expect(!text.text.contains("Bananas"))
            #expect(text.stderr.contains("x.pdf: page 1: not the file ux-split read"), "\(text.stderr)")
        }
        // Split again, and it reads.
        let again = try Tools.shell("ux-split x.pdf | ux-text", in: dir)
        #expect(again.status == 0)
        #expect(again.records.first?["text"]?.stringValue?.contains("Bananas first") == true)
    }
}
