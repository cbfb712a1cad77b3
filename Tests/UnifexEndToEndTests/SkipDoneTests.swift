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
        let done = "--skip-done out --done-format \(format)"
        let split = try Tools.shell("ux-split \(done) done.pdf cut.pdf later.pdf", in: dir)
        #expect(split.status == 0, "\(split.stderr)")
        #expect(split.stderr.contains("skipping 1 documents already done in out"), "\(split.stderr)")
        #expect(Set(split.records.compactMap { $0["doc"]?.stringValue }) == ["cut.pdf", "later.pdf"])

        let rerun = try Tools.shell("ux-split \(done) done.pdf cut.pdf later.pdf | ux-merge --format \(format) --output-dir out", in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let clean = try Tools.shell("ux-split done.pdf cut.pdf later.pdf | ux-merge --format \(format) --output-dir clean", in: dir)
        #expect(clean.status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("clean").path).sorted()))
        for name in files where name != OutputManifest.fileName {
            let a = try Data(contentsOf: dir.appendingPathComponent("clean/\(name)"))
            #expect(a == (try Data(contentsOf: dir.appendingPathComponent("out/\(name)"))), "\(name) differs")
        }
        // The manifest has a line for every write; its last word on each document is the clean run's.
        let resumed = OutputManifest.load(out) ?? [:]
        let cleanRun = OutputManifest.load(dir.appendingPathComponent("clean").path) ?? [:]
        #expect(cleanRun.count == 3)
        #expect(cleanRun.allSatisfy { resumed[$0.key] == $0.value && $0.value.map(\.status) == ["ok"] })
        #expect(cleanRun.values.allSatisfy { $0.first?.pages == [1...2] && $0.first?.pageCount == 2 })
        // Now everything is done.
        let again = try Tools.shell("ux-split \(done) done.pdf cut.pdf later.pdf", in: dir)
        #expect(again.records.isEmpty)
        #expect(again.stderr.contains("skipping 3 documents already done in out"), "\(again.stderr)")
    }

    @Test func anOutputOfSomePagesDoesNotStandForTheOthers() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["a.pdf", "b.pdf"] { _ = try Fixture.make(Self.twoPages, name: name, in: dir) }
        let first = try Tools.shell("ux-split --pages 1 a.pdf b.pdf | ux-merge --output-dir out", in: dir)
        #expect(first.status == 0, "\(first.stderr)")

        // Page 1 is done; the whole documents are not, and their second pages are not.
        let sameSelection = try Tools.shell("ux-split --skip-done out --pages 1 a.pdf b.pdf", in: dir)
        #expect(sameSelection.records.isEmpty, "\(sameSelection.text)")
        #expect(sameSelection.stderr.contains("skipping 2 documents already done in out"), "\(sameSelection.stderr)")
        let whole = try Tools.shell("ux-split --skip-done out a.pdf b.pdf", in: dir)
        #expect(whole.records.map { "\($0["doc"]?.stringValue ?? "")#\($0["page"]?.intValue ?? 0)" } == ["a.pdf#1", "a.pdf#2", "b.pdf#1", "b.pdf#2"],
                "\(whole.stderr)")
        let second = try Tools.shell("ux-split --skip-done out --pages 2-end a.pdf", in: dir)
        #expect(second.records.map { $0["page"]?.intValue } == [2], "\(second.stderr)")

        // Both selections of a.pdf written by one run, as two outputs, hold the whole document.
        let both = try Tools.shell("(ux-split --pages 1 a.pdf; ux-split --pages 2 a.pdf) | ux-merge --output-dir both", in: dir)
        #expect(both.status == 0, "\(both.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("both/a.pdf~2.json").path))
        let resumed = try Tools.shell("ux-split --skip-done both a.pdf b.pdf", in: dir)
        #expect(resumed.records.compactMap { $0["doc"]?.stringValue }.uniqued() == ["b.pdf"], "\(resumed.stderr)")

        // A later run of page 2 alone writes over a.pdf.json: page 1's output is gone, and so is its claim.
        let over = try Tools.shell("ux-split --pages 2 a.pdf | ux-merge --output-dir out", in: dir)
        #expect(over.status == 0, "\(over.stderr)")
        let afterOver = try Tools.shell("ux-split --skip-done out --pages 1 a.pdf", in: dir)
        #expect(afterOver.records.map { $0["page"]?.intValue } == [1], "\(afterOver.stderr)")

        // A manifest line claiming an absurd page count is weighed as ranges, not page by page.
        let b = FileIdentity.of(dir.appendingPathComponent("b.pdf").path) ?? ""
        let claim = #"{"file":"b.pdf.json","doc":"b.pdf","file_id":"\#(b)","status":"ok","pages":[[-9223372036854775808,0],[1,9223372036854775807]],"page_count":9223372036854775807}"#
        try (String(contentsOf: dir.appendingPathComponent("out/.unifex-outputs"), encoding: .utf8) + claim + "\n")
            .write(to: dir.appendingPathComponent("out/.unifex-outputs"), atomically: true, encoding: .utf8)
        let huge = try Tools.shell("ux-split --skip-done out a.pdf b.pdf", in: dir)
        #expect(huge.status == 0, "\(huge.stderr)")
        #expect(huge.records.compactMap { $0["doc"]?.stringValue }.uniqued() == ["a.pdf"], "\(huge.stderr)")
    }

    @Test func aFileReplacedSinceOrAnotherUnderTheSameOutputNameIsNotTakenForDone() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let work = dir.appendingPathComponent("w")
        for folder in [dir.appendingPathComponent("x"), work.appendingPathComponent("x")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            _ = try Fixture.make(Self.twoPages, name: "a.pdf", in: folder)
        }
        _ = try Fixture.make(Self.twoPages, name: "b.pdf", in: work)
        let first = try Tools.shell("ux-split x/a.pdf b.pdf | ux-text | ux-merge --output-dir out", in: work)
        #expect(first.status == 0, "\(first.stderr)")
        let manifest = try String(contentsOf: work.appendingPathComponent("out/.unifex-outputs"), encoding: .utf8)
        #expect(manifest.split(separator: "\n").count == 2)
        #expect(manifest.contains(#""file":"x/a.pdf.json","doc":"x/a.pdf","file_id":""#))

        // ../x/a.pdf is another file whose output would have the same name, x/a.pdf.json.
        let other = try Tools.shell("ux-split --skip-done out ../x/a.pdf x/a.pdf b.pdf", in: work)
        #expect(other.records.compactMap { $0["doc"]?.stringValue }.uniqued() == ["../x/a.pdf"], "\(other.stderr)")
        #expect(other.stderr.contains("skipping 2 documents already done in out"))

        // b.pdf is replaced by a new version (a new file renamed over it): it is to be done again.
        _ = try Fixture.make(Self.twoPages, name: "b.new.pdf", in: work)
        try FileManager.default.removeItem(at: work.appendingPathComponent("b.pdf"))
        try FileManager.default.moveItem(at: work.appendingPathComponent("b.new.pdf"), to: work.appendingPathComponent("b.pdf"))
        let replaced = try Tools.shell("ux-split --skip-done out x/a.pdf b.pdf", in: work)
        #expect(replaced.records.compactMap { $0["doc"]?.stringValue }.uniqued() == ["b.pdf"], "\(replaced.stderr)")

        // Done again, it is skipped again; the manifest's last word on a document is the one read.
        let rerun = try Tools.shell("ux-split --skip-done out x/a.pdf b.pdf | ux-text | ux-merge --output-dir out", in: work)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let after = try Tools.shell("ux-split --skip-done out x/a.pdf b.pdf", in: work)
        #expect(after.records.isEmpty, "\(after.text)")
    }
}

extension Array where Element: Hashable {
    /// The elements in their first order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
