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

    @Test func aReplacedImageIsNotReadAsTheOneSplit() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        func scan(_ words: String, _ name: String) throws {
            _ = try Fixture.make(#"{"pages":[{"width":300,"height":200,"lines":[{"x":20,"y":80,"size":24,"text":"\#(words)"}]}]}"#,
                                 name: name, in: dir)
        }
        try scan("Apples here", "x.png")
        // ux-table draws the rulings of a scan whose words ux-ocr found.
        #expect(try Tools.shell("ux-split x.png > pages.ndjson && ux-ocr < pages.ndjson > read.ndjson", in: dir).status == 0)
        try scan("Bananas here", "new.png")
        try FileManager.default.removeItem(at: dir.appendingPathComponent("x.png"))
        try FileManager.default.moveItem(at: dir.appendingPathComponent("new.png"), to: dir.appendingPathComponent("x.png"))
        for tool in ["ux-ocr < pages.ndjson", "ux-table < read.ndjson"] {
            let result = try Tools.shell(tool, in: dir)
            #expect(result.status == 1, "\(tool): \(result.stderr)")
            #expect(result.records.map { $0["error"]?.objectValue?["code"]?.stringValue } == ["changed"], "\(tool): \(result.text)")
            #expect(!result.text.contains("Bananas"))
            #expect(result.stderr.contains("x.png: page 1: not the file ux-split read"), "\(tool): \(result.stderr)")
        }
        let again = try Tools.shell("ux-split x.png | ux-ocr", in: dir)
        #expect(again.status == 0 && again.text.contains("Bananas"), "\(again.stderr)")
    }

    /// `cp new.pdf x.pdf` writes into the file that is there: the same device and inode, new
    /// content. Its pages are not the ones split; a rerun into an output folder replaces the
    /// document's outputs (it is the same file) and --skip-done does not take it for done.
    @Test func aFileWrittenOverInPlaceIsChangedAndDoneAgain() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Fixture.make(#"{"pages":[{"lines":[{"x":72,"y":100,"size":12,"text":"Apples first"}]},{"lines":[{"x":72,"y":100,"size":12,"text":"Apples second"}]}]}"#,
                             name: "x.pdf", in: dir)
        _ = try Fixture.make(#"{"pages":[{"lines":[{"x":72,"y":100,"size":12,"text":"Bananas first"}]}]}"#,
                             name: "new.pdf", in: dir)
        let first = try Tools.shell("ux-split x.pdf > pages.ndjson && ux-split x.pdf | ux-text | ux-merge --output-dir out", in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let inode = try Tools.shell("stat -c %i x.pdf", in: dir).text
        #expect(try Tools.shell("cp new.pdf x.pdf", in: dir).status == 0)
        #expect(try Tools.shell("stat -c %i x.pdf", in: dir).text == inode)
        let text = try Tools.shell("ux-text < pages.ndjson", in: dir)
        #expect(text.status == 1)
        #expect(text.records.count == 2)
        #expect(text.records.allSatisfy { $0["error"]?.objectValue?["code"]?.stringValue == "changed" }, "\(text.text)")
        #expect(!text.text.contains("Bananas"))
        // Not done: split again, and its one output is the new content under the same name.
        let skip = try Tools.shell("ux-split --skip-done out x.pdf | ux-text | ux-merge --output-dir out", in: dir)
        #expect(skip.status == 0, "\(skip.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).filter { !$0.hasPrefix(".") }
        #expect(files == ["x.pdf.json"], "\(files)")
        let json = try String(contentsOf: dir.appendingPathComponent("out/x.pdf.json"), encoding: .utf8)
        #expect(json.contains("Bananas first") && !json.contains("Apples"))
        // Done now.
        let again = try Tools.shell("ux-split --skip-done out x.pdf | wc -l", in: dir)
        #expect(again.text.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(again.text) \(again.stderr)")
    }

    /// Records kept from before identities held the size and time (`<st_dev>:<st_ino>`) are read
    /// from their file as long as it is the same file.
    @Test func anIdentityOfTheOlderFormStillNamesItsFile() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Fixture.make(#"{"pages":[{"lines":[{"x":72,"y":100,"size":12,"text":"Apples first"}]}]}"#, name: "x.pdf", in: dir)
        let split = try Tools.shell("ux-split x.pdf", in: dir)
        let id = try #require(split.records.first?["file_id"]?.stringValue)
        #expect(id.split(separator: ":").count == 4, "\(id)")
        let older = split.text.replacingOccurrences(of: id, with: id.split(separator: ":").prefix(2).joined(separator: ":"))
        let text = try Tools.shell("ux-text", stdin: Data(older.utf8), in: dir)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.records.first?["text"]?.stringValue?.contains("Apples first") == true)
        let other = split.text.replacingOccurrences(of: id, with: "1:2")
        #expect(try Tools.shell("ux-text", stdin: Data(other.utf8), in: dir).records.first?["error"]?.objectValue?["code"]?.stringValue == "changed")
    }
}
