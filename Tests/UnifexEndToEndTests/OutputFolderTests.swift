import Foundation
import UnifexTestSupport
import Testing
import UnifexCore
import UnifexDocument

/// `ux-merge --output-dir` as users name folders and share them between runs.
@Suite struct OutputFolderTests {
    static let onePage = #"{"pages":[{"lines":[{"x":72,"y":100,"size":12,"text":"Words on the page"}]}]}"#

    /// A page record made by hand: one page of one document, with `tables` tables of one cell.
    static func record(_ doc: String, fileID: String? = nil, tables: Int = 0) -> String {
        let table = #"{"box":[72,72,300,120],"rows":1,"cols":1,"kind":"ruled","cells":[{"row":0,"col":0,"rowspan":1,"colspan":1,"box":[72,72,300,120],"text":"T"}]}"#
        let id = fileID.map { #","file_id":"\#($0)""# } ?? ""
        return #"{"v":1,"type":"page","doc":"\#(doc)"\#(id),"source":"pdf","page":1,"page_count":1,"selected":1,"width":612,"height":792,"status":"ok","text":"x\n","tables":[\#(Array(repeating: table, count: tables).joined(separator: ","))]}"#
    }

    @Test func oddFolderNamesAreMadeOrRefusedClearly() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Fixture.make(Self.onePage, name: "a.pdf", in: dir)
        let parent = dir.lastPathComponent
        for (folder, written) in [("o", "o/a.pdf.json"), (".", "a.pdf.json"), ("../\(parent)/q", "q/a.pdf.json"),
                                  ("t/", "t/a.pdf.json"), ("d//e//", "d/e/a.pdf.json"), ("s p", "s p/a.pdf.json")] {
            let run = try Tools.shell("ux-split a.pdf | ux-text | ux-merge --output-dir '\(folder)'", in: dir)
            #expect(run.status == 0, "\(folder): \(run.stderr)")
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(written).path), "\(folder)")
        }
        let badBytes = try Tools.shell(#"ux-split a.pdf | ux-text | ux-merge --output-dir $'bad\xffname'"#, in: dir)
        #expect(badBytes.status == 64, "\(badBytes.stderr)")
        #expect(badBytes.stderr.contains("--output-dir: the name holds bytes that are not UTF-8"), "\(badBytes.stderr)")
        let empty = try Tools.shell("ux-merge --output-dir '' < /dev/null", in: dir)
        #expect(empty.status == 64 && empty.stderr.contains("--output-dir: the name is empty"), "\(empty.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!names.contains { $0.hasPrefix("bad") }, "\(names)")
    }

    @Test func aReportToADeviceOrAPipeIsWrittenIntoItNotRenamedOverIt() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = Data((Self.record("a.pdf") + "\n").utf8)
        // A FIFO a reader waits on gets the report and stays a FIFO (renamed over, it would be a file).
        #expect(mkfifo(dir.appendingPathComponent("pipe").path, 0o600) == 0)
        let piped = try Tools.shell("cat pipe > got & ux-merge --report pipe > /dev/null; wait; stat -c %F pipe",
                                    stdin: input, in: dir, timeout: 60)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.text == "fifo\n", "\(piped.text)")
        let report = try JSONValue.parse(Array(Data(contentsOf: dir.appendingPathComponent("got")))).objectValue
        #expect(report?["type"]?.stringValue == "report")
        // Nobody reading: a clear error, not a wait.
        let unread = try Tools.shell("ux-merge --report pipe > /dev/null", stdin: input, in: dir, timeout: 60)
        #expect(unread.status == 74 && unread.stderr.contains("nothing reads from the pipe"), "\(unread.stderr)")
        // /dev/stdout: the report comes out on standard output.
        let stdout = try Tools.shell("ux-merge --format text --report /dev/stdout", stdin: input, in: dir)
        #expect(stdout.text.contains(#""type":"report""#), "\(stdout.text)")
    }

    @Test func aNewFolderForCSVTakesADocumentWithoutTablesAsOK() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = Data((Self.record("plain.pdf") + "\n" + Self.record("tabled.pdf", tables: 1) + "\n").utf8)
        let run = try Tools.shell("ux-merge --format csv --output-dir new/csv", stdin: input, in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("new/csv/tabled.pdf.p1.t1.csv").path))
        let manifest = OutputManifest.load(dir.appendingPathComponent("new/csv").path) ?? [:]
        #expect(manifest[DocumentKey(doc: "plain.pdf", fileID: nil)]?.first?.status == "ok")
        #expect(manifest[DocumentKey(doc: "plain.pdf", fileID: nil)]?.first?.files == [])
    }

    @Test func aRerunWithFewerTablesRemovesTheTablesTheDocumentNoLongerHas() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try Tools.shell("ux-merge --format csv --output-dir out", stdin: Data((Self.record("a.pdf", tables: 3) + "\n").utf8), in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let tables = { (try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path))?
            .filter { $0.hasSuffix(".csv") }.sorted() ?? [] }
        #expect(tables() == ["a.pdf.p1.t1.csv", "a.pdf.p1.t2.csv", "a.pdf.p1.t3.csv"])
        // Another document's table and a link planted under a name of the old output stay untouched.
        _ = try Tools.shell("ux-merge --format csv --output-dir out", stdin: Data((Self.record("b.pdf", tables: 1) + "\n").utf8), in: dir)
        let second = try Tools.shell("ux-merge --format csv --output-dir out", stdin: Data((Self.record("a.pdf", tables: 1) + "\n").utf8), in: dir)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(tables() == ["a.pdf.p1.t1.csv", "b.pdf.p1.t1.csv"])
        let none = try Tools.shell("ux-merge --format csv --output-dir out", stdin: Data((Self.record("a.pdf") + "\n").utf8), in: dir)
        #expect(none.status == 0, "\(none.stderr)")
        #expect(tables() == ["b.pdf.p1.t1.csv"])
        let manifest = OutputManifest.load(dir.appendingPathComponent("out").path) ?? [:]
        #expect(manifest[DocumentKey(doc: "a.pdf", fileID: nil)]?.last?.files == [])
    }

    @Test func runsSharingAFolderNeverWriteOverAnotherDocument() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // x/a.pdf from one run and ../x/a.pdf, another file, from the next: one output name.
        let first = try Tools.shell("ux-merge --output-dir out", stdin: Data((Self.record("x/a.pdf", fileID: "9:1") + "\n").utf8), in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try Tools.shell("ux-merge --output-dir out", stdin: Data((Self.record("../x/a.pdf", fileID: "9:2") + "\n").utf8), in: dir)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("this one goes to out/x/a.pdf~2.json"), "\(second.stderr)")
        let doc = { (name: String) in
            (try? JSONValue.parse(Array(Data(contentsOf: dir.appendingPathComponent("out/" + name)))))?.objectValue?["doc"]?.stringValue
        }
        #expect(doc("x/a.pdf.json") == "x/a.pdf")
        #expect(doc("x/a.pdf~2.json") == "../x/a.pdf")
        // Each document written again goes back to its own file; the same file under a third path is the same document.
        let again = try Tools.shell("ux-merge --output-dir out", stdin: Data((Self.record("../x/a.pdf", fileID: "9:2") + "\n" + Self.record("x/a.pdf", fileID: "9:1") + "\n").utf8), in: dir)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(doc("x/a.pdf.json") == "x/a.pdf")
        #expect(doc("x/a.pdf~2.json") == "../x/a.pdf")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/x/a.pdf~3.json").path))
        let samefile = try Tools.shell("ux-merge --output-dir out", stdin: Data((Self.record("./x/a.pdf", fileID: "9:1") + "\n").utf8), in: dir)
        #expect(samefile.status == 0 && !samefile.stderr.contains("goes to"), "\(samefile.stderr)")
        #expect(doc("x/a.pdf.json") == "./x/a.pdf")
        #expect(doc("x/a.pdf~2.json") == "../x/a.pdf")

        // Runs at the same time: 20 documents of one name from each of four runs, 80 files.
        let script = (1...4).map { run in
            "(for n in $(seq 20); do printf '%s\\n' \"$(sed \"s/@ID@/\(run):$n/\" rec)\"; done | ux-merge --output-dir shared 2> err\(run)) &"
        }.joined(separator: "\n") + "\nwait"
        try Self.record("s/a.pdf", fileID: "@ID@").write(to: dir.appendingPathComponent("rec"), atomically: true, encoding: .utf8)
        let parallel = try Tools.shell(script, in: dir)
        #expect(parallel.status == 0, "\(parallel.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("shared/s").path).filter { $0.hasSuffix(".json") }
        #expect(files.count == 80, "\(files.sorted())")
        let ids = Set(files.compactMap { name in
            (try? JSONValue.parse(Array(Data(contentsOf: dir.appendingPathComponent("shared/s/" + name)))))?.objectValue?["file_id"]?.stringValue
        })
        #expect(ids.count == 80)
    }

    @Test func skipDoneTrustsOnlyRegularFilesInsideTheFolderInTheFormatAskedFor() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["a.pdf", "b.pdf", "c.pdf"] { _ = try Fixture.make(Self.onePage, name: name, in: dir) }
        let first = try Tools.shell("ux-split a.pdf b.pdf c.pdf | ux-text | ux-merge --output-dir out", in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let all = try Tools.shell("ux-split --skip-done out a.pdf b.pdf c.pdf", in: dir)
        #expect(all.records.isEmpty, "\(all.text)")

        // b.pdf's output is now a link; c.pdf's output is gone, and a manifest line names a file outside the folder for it.
        let out = dir.appendingPathComponent("out")
        try FileManager.default.removeItem(at: out.appendingPathComponent("c.pdf.json"))
        try FileManager.default.removeItem(at: out.appendingPathComponent("b.pdf.json"))
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("b.pdf.json").path, withDestinationPath: "a.pdf.json")
        let c = FileIdentity.of(dir.appendingPathComponent("c.pdf").path) ?? ""
        let planted = #"{"file":"../../../../../../etc/hostname","doc":"c.pdf","file_id":"\#(c)","status":"ok","format":"json","pages":[[1,1]],"page_count":1}"#
        let manifest = out.appendingPathComponent(OutputManifest.fileName)
        try (String(contentsOf: manifest, encoding: .utf8) + planted + "\n").write(to: manifest, atomically: true, encoding: .utf8)
        let hostile = try Tools.shell("ux-split --skip-done out a.pdf b.pdf c.pdf", in: dir)
        #expect(hostile.records.compactMap { $0["doc"]?.stringValue } == ["b.pdf", "c.pdf"], "\(hostile.stderr)")

        // A folder written as json holds no csv: a csv run resumes nothing, and says why.
        let csv = try Tools.shell("ux-split --skip-done out --done-format csv a.pdf", in: dir)
        #expect(csv.records.compactMap { $0["doc"]?.stringValue } == ["a.pdf"], "\(csv.stderr)")
        let wrong = try Tools.shell("ux-split --skip-done out --done-format text a.pdf", in: dir)
        #expect(wrong.stderr.contains("out holds json outputs, none in text"), "\(wrong.stderr)")
        let bad = try Tools.shell("ux-split --skip-done out --done-format pdf a.pdf", in: dir)
        #expect(bad.status == 64, "\(bad.stderr)")
    }
}
