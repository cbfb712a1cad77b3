import Foundation
import UnifexTestSupport
import Testing
import UnifexCore
import UnifexDocument

/// `ux-split --skip-done DIR` counts only complete, ok documents as done.
@Suite struct SkipDoneTests {
    static let twoPages = #"{"pages":[{"lines":[{"x":72,"y":100,"size":12,"text":"First page words"}]},{"lines":[{"x":72,"y":100,"size":12,"text":"Second page words"}]}]}"#

    @Test(arguments: ["json", "text"])
    func partialAndFailedDocumentsAreRedone(_ format: String) throws {
        let dir = try Tools.scratch()
        for name in ["done.pdf", "cut.pdf", "later.pdf"] { _ = try Fixture.make(Self.twoPages, name: name, in: dir) }
        try FileManager.default.moveItem(at: dir.appendingPathComponent("later.pdf"), to: dir.appendingPathComponent("later.pdf.away"))
        // A run whose upstream died after four records: done.pdf is complete, cut.pdf has one
        // page of two, later.pdf was missing.
        let first = try Tools.shell("ux-split later.pdf done.pdf cut.pdf 2> /dev/null | head -n 4 | ux-merge --format \(format) --output-dir out", in: dir)
        #expect(first.status == 1, "\(first.stderr)")
        let ext = OutputLayout.extensions[format]!
        let out = dir.appendingPathComponent("out").path
        for name in ["done.pdf", "cut.pdf", "later.pdf"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name).\(ext)"), "\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: "\(out)/.cut.pdf.\(ext).unifex-incomplete"))
        #expect(!FileManager.default.fileExists(atPath: "\(out)/.done.pdf.\(ext).unifex-incomplete"))

        try FileManager.default.moveItem(at: dir.appendingPathComponent("later.pdf.away"), to: dir.appendingPathComponent("later.pdf"))
        let split = try Tools.shell("ux-split --skip-done out done.pdf cut.pdf later.pdf", in: dir)
        #expect(split.status == 0, "\(split.stderr)")
        #expect(split.stderr.contains("skipping 1 documents already done in out"), "\(split.stderr)")
        #expect(Set(split.records.compactMap { $0["doc"]?.stringValue }) == ["cut.pdf", "later.pdf"])

        let rerun = try Tools.shell("ux-split --skip-done out done.pdf cut.pdf later.pdf | ux-merge --format \(format) --output-dir out", in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let clean = try Tools.shell("ux-split done.pdf cut.pdf later.pdf | ux-merge --format \(format) --output-dir clean", in: dir)
        #expect(clean.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("clean").path).sorted()))
        for name in files {
            let a = try Data(contentsOf: dir.appendingPathComponent("clean/\(name)"))
            #expect(a == (try Data(contentsOf: dir.appendingPathComponent("out/\(name)"))), "\(name) differs")
        }
        // Now everything is done.
        let again = try Tools.shell("ux-split --skip-done out done.pdf cut.pdf later.pdf", in: dir)
        #expect(again.records.isEmpty)
        #expect(again.stderr.contains("skipping 3 documents already done in out"), "\(again.stderr)")
    }
}
