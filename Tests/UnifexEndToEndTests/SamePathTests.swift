import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// Two different files given under one path string (`cd a; ux-split x.pdf; cd ../b; ux-split x.pdf`)
/// are two documents: ux-split says which file each record came from, ux-merge keeps them apart.
@Suite struct SamePathTests {
    static func folders() throws -> URL {
        let dir = try Tools.scratch()
        for (folder, word) in [("a", "Apples"), ("b", "Bananas")] {
            let sub = dir.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            _ = try Fixture.make(#"{"pages":[{"lines":[{"x":72,"y":100,"size":12,"text":"\#(word) only here"}]}]}"#, name: "x.pdf", in: sub)
        }
        return dir
    }

    static func text(_ document: JSONObject?) -> String? {
        document?["pages"]?.arrayValue?.first?.objectValue?["text"]?.stringValue
    }

    @Test func twoFilesUnderOnePathStayTwoDocuments() throws {
        let dir = try Self.folders()
        let split = try Tools.shell("(cd a && ux-split x.pdf) && (cd b && ux-split x.pdf)", in: dir)
        let ids = split.records.compactMap { $0["file_id"]?.stringValue }
        #expect(ids.count == 2)
        #expect(Set(ids).count == 2)
        #expect(ids.allSatisfy { $0.range(of: #"^[0-9]+:[0-9]+:[0-9]+:-?[0-9]+$"#, options: .regularExpression) != nil })
        // file_id sits right after doc.
        #expect(split.lines.first?.contains(#""doc":"x.pdf","file_id":"#) == true)

        let merged = try Tools.shell("{ (cd a && ux-split x.pdf | ux-text) && (cd b && ux-split x.pdf | ux-text); } | ux-merge --output-dir out --report report.json", in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stderr.contains("ux-merge: warning: x.pdf: another document is written to out/x.pdf.json; this one goes to out/x.pdf~2.json"), "\(merged.stderr)")
        let first = try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("out/x.pdf.json"))).objectValue
        let second = try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("out/x.pdf~2.json"))).objectValue
        #expect(Self.text(first)?.contains("Apples") == true)
        #expect(Self.text(second)?.contains("Bananas") == true)
        #expect(first?["file_id"]?.stringValue == ids[0])
        #expect(second?["file_id"]?.stringValue == ids[1])
        let report = try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("report.json"))).objectValue
        #expect(report?["documents"]?.objectValue?["ok"]?.intValue == 2)

        let stdout = try Tools.shell("{ (cd a && ux-split x.pdf | ux-text) && (cd b && ux-split x.pdf | ux-text); } | ux-merge", in: dir)
        #expect(stdout.records.map { Self.text($0)?.contains("Apples") == true } == [true, false])
        #expect(stdout.records.count == 2)
    }

    @Test func recordsWithoutFileIDAreKnownByPathAsBefore() throws {
        let dir = try Self.folders()
        // Two pages of one document made by hand (no file_id) still merge into one document.
        let strip = #"sed -e 's/"file_id":"[0-9:]*",//' -e 's/"page_count":1,"selected":1/"page_count":2,"selected":2/'"#
        let script = "{ (cd a && ux-split x.pdf) && (cd b && ux-split x.pdf | sed 's/\"page\":1/\"page\":2/'); } | \(strip) | ux-merge"
        let merged = try Tools.shell(script, in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.records.count == 1)
        #expect(merged.records.first?["file_id"] == nil)
        #expect(merged.records.first?["pages"]?.arrayValue?.count == 2)
    }
}

/// One file given as two documents in one run keeps both on disk.
@Suite struct TwoSelectionsTests {
    @Test func twoPagesSelectionsOfOneFileAreTwoOutputFiles() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Fixture.make(SkipDoneTests.twoPages, name: "a.pdf", in: dir)
        let result = try Tools.shell("(ux-split --pages 1 a.pdf; ux-split --pages 2 a.pdf) | ux-text | ux-merge --format text --output-dir out", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("this one goes to out/a.pdf~2.txt"), "\(result.stderr)")
        let first = try String(contentsOf: dir.appendingPathComponent("out/a.pdf.txt"), encoding: .utf8)
        let second = try String(contentsOf: dir.appendingPathComponent("out/a.pdf~2.txt"), encoding: .utf8)
        #expect(first.contains("First page words") && !first.contains("Second"))
        #expect(second.contains("Second page words") && !second.contains("First"))
    }
}
