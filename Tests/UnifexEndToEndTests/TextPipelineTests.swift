import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

@Suite struct TextPipelineTests {
    static let twoPages = """
        {"pages":[
          {"width":612,"height":792,"lines":[
            {"x":72,"y":100,"size":12,"text":"Invoice number 4711 due soon"},
            {"x":300,"y":400,"size":20,"text":"Totals and taxes"}]},
          {"width":400,"height":300,"lines":[
            {"x":40,"y":60,"size":10,"text":"Second page with small print"}]}
        ]}
        """

    @Test func wordsComeBackWithTheirBoxes() throws {
        let dir = try Tools.scratch()
        let fixture = try Fixture.make(Self.twoPages, in: dir)
        let result = try Tools.shell("ux-split '\(fixture.pdf.path)' | ux-text -j2")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let records = result.records
        #expect(records.count == 2)
        for (index, record) in records.enumerated() {
            #expect(record["page"]?.intValue == index + 1)
            #expect(record["page_count"]?.intValue == 2)
            #expect(record["status"]?.stringValue == "ok")
            #expect(record["text_layer"]?.objectValue?["usable"]?.boolValue == true)
            let words = (record["words"]?.arrayValue ?? []).compactMap { TextSpan($0) }
            let truth = fixture.truth[index]
            #expect(words.map(\.text) == truth.map(\.text))
            for (word, expected) in zip(words, truth) {
                #expect(word.box.overlapRatio(expected.box) > 0.8, "\(word.text): \(word.box) vs \(expected.box)")
                #expect(abs(word.box.x0 - expected.box.x0) < 1.5)
            }
        }
        #expect(records[1]["width"]?.doubleValue == 400)
        #expect(records[1]["height"]?.doubleValue == 300)
        let lines = records[0]["lines"]?.arrayValue?.compactMap { TextSpan($0) } ?? []
        #expect(lines.map(\.text) == ["Invoice number 4711 due soon", "Totals and taxes"])
    }

    @Test func textFormatSeparatesPagesWithFormFeeds() throws {
        let dir = try Tools.scratch()
        let fixture = try Fixture.make(Self.twoPages, in: dir)
        let result = try Tools.shell("ux-split '\(fixture.pdf.path)' | ux-text | ux-merge --format text")
        #expect(result.status == 0, "\(result.stderr)")
        let pages = result.text.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        #expect(pages.count == 3)
        #expect(pages[0].contains("Invoice number 4711 due soon"))
        #expect(pages[1].contains("Second page with small print"))
        #expect(pages[2].isEmpty)
    }

    @Test func mergeWritesOneDocumentRecordAndFilesAtomically() throws {
        let dir = try Tools.scratch()
        let fixture = try Fixture.make(Self.twoPages, in: dir)
        let result = try Tools.shell("ux-split fixture.pdf | ux-text | ux-merge", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let docs = result.records
        #expect(docs.count == 1)
        #expect(docs[0]["type"]?.stringValue == "document")
        #expect(docs[0]["status"]?.stringValue == "ok")
        #expect(docs[0]["pages_ok"]?.intValue == 2)
        #expect(docs[0]["pages"]?.arrayValue?.count == 2)

        let out = try Tools.shell("ux-split fixture.pdf | ux-text | ux-merge --output-dir out --format text", in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.isEmpty)
        let written = try String(contentsOf: dir.appendingPathComponent("out/fixture.pdf.txt"), encoding: .utf8)
        #expect(written.contains("Totals and taxes"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path)
        #expect(leftovers.sorted() == [".unifex-outputs", "fixture.pdf.txt"])

        // Two documents whose paths map to one output name: neither is lost.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        _ = try Fixture.make(#"{"pages":[{"lines":[{"x":72,"y":100,"size":12,"text":"The other document"}]}]}"#,
                             name: "sub/fixture.pdf", in: dir)
        let both = try Tools.shell("ux-split ../fixture.pdf fixture.pdf | ux-text | ux-merge --output-dir out --format text",
                                   in: dir.appendingPathComponent("sub"))
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stderr.contains("ux-merge: warning: fixture.pdf: another document is written to out/fixture.pdf.txt; this one goes to out/fixture.pdf~2.txt"), "\(both.stderr)")
        let firstText = try String(contentsOf: dir.appendingPathComponent("sub/out/fixture.pdf.txt"), encoding: .utf8)
        let secondText = try String(contentsOf: dir.appendingPathComponent("sub/out/fixture.pdf~2.txt"), encoding: .utf8)
        #expect(firstText.contains("Totals and taxes"))
        #expect(secondText.contains("The other document"))
        _ = fixture
    }

    @Test func pageSelectionAndFileLists() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.twoPages, in: dir)
        let selected = try Tools.shell("ux-split --pages 2-end fixture.pdf", in: dir)
        #expect(selected.records.map { $0["page"]?.intValue } == [2])
        #expect(selected.records.first?["selected"]?.intValue == 1)

        let listed = try Tools.shell("printf 'fixture.pdf\\nfixture.pdf\\n' | ux-split -", in: dir)
        #expect(listed.records.count == 4)
        let fromFile = try Tools.shell("printf 'fixture.pdf\\n' > list; ux-split --files-from list --pages 1", in: dir)
        #expect(fromFile.records.count == 1)
        // NUL-separated lists (find -print0) carry any file name, newlines included.
        let odd = "odd\nname.pdf"
        try FileManager.default.copyItem(at: dir.appendingPathComponent("fixture.pdf"), to: dir.appendingPathComponent(odd))
        let nul = try Tools.shell("find . -name 'odd*' -print0 | ux-split -0 - --pages 1", in: dir)
        #expect(nul.status == 0, "\(nul.stderr)")
        #expect(nul.records.map { $0["doc"]?.stringValue } == ["./" + odd])
        let nulFile = try Tools.shell("printf 'fixture.pdf\\0odd\\nname.pdf\\0' > list0; ux-split --null --files-from list0 --pages 1", in: dir)
        #expect(nulFile.records.map { $0["status"]?.stringValue } == ["ok", "ok"], "\(nulFile.stderr)")
        // A folder given as the list is said, and the files given beside it are still split.
        do {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder"), withIntermediateDirectories: true)
        }
        for list in ["--files-from folder fixture.pdf", "- fixture.pdf < folder"] {
            let folder = try Tools.shell("ux-split --pages 1 \(list)", in: dir)
            #expect(folder.status == 66, "\(list): \(folder.status)")
            #expect(folder.records.count == 1)
            #expect(folder.stderr.contains("cannot read list: Is a directory"), "\(folder.stderr)")
        }

        let none = try Tools.shell("ux-split --pages 7 fixture.pdf", in: dir)
        #expect(none.status == 0)
        #expect(none.records.first?["status"]?.stringValue == "skipped")
        #expect(none.stderr.contains("ux-split: warning: fixture.pdf: --pages selects none"))

        let bad = try Tools.shell("ux-split --pages 3-1 fixture.pdf", in: dir)
        #expect(bad.status == 64)
        #expect(bad.stdout.isEmpty)
    }

    @Test func unknownFieldsPassThroughEveryTool() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.twoPages, in: dir)
        let script = """
            ux-split --pages 1 fixture.pdf | sed 's/"status":"ok"/"x-batch":{"id":[7,"a"]},"status":"ok"/' | ux-text
            """
        let result = try Tools.shell(script, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.lines.first?.contains(#""x-batch":{"id":[7,"a"]},"status":"ok""#) == true)
    }

    @Test func malformedLinesBecomeErrorRecordsAndTheRestGoesOn() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.twoPages, in: dir)
        let script = """
            { echo 'this is not json'; ux-split fixture.pdf; echo '{"doc": 3}'; } | ux-text
            """
        let result = try Tools.shell(script, in: dir)
        #expect(result.status == 65)
        #expect(result.stderr.contains("ux-text: error: stdin:1: invalid JSON"))
        #expect(result.stderr.contains("ux-text: error: stdin:4: record has no \"doc\" string"))
        let records = result.records
        #expect(records.count == 4)
        #expect(records[0]["status"]?.stringValue == "error")
        #expect(records[0]["raw"]?.stringValue == "this is not json")
        #expect(records[1]["text"]?.stringValue?.contains("Invoice") == true)
        #expect(records[3]["input_line"]?.intValue == 4)

        let merged = try Tools.shell("{ echo '{bad'; ux-split fixture.pdf; } | ux-merge --format json", in: dir)
        #expect(merged.status == 65)
        #expect(merged.records.count == 2)
        #expect(merged.records[0]["raw"]?.stringValue == "{bad")
    }

    @Test func aMalformedLineIsReportedOnceAndCarriedThroughThePipeline() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.twoPages, in: dir)
        let result = try Tools.shell("{ echo 'not json'; ux-split fixture.pdf; } | ux-text | ux-ocr | ux-merge", in: dir)
        #expect(result.status == 65)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("ux-text: error: stdin:1: invalid JSON") == true)
        #expect(result.records.first?["raw"]?.stringValue == "not json")
        #expect(result.records.last?["status"]?.stringValue == "ok")
    }

    @Test func missingPagesAreReportedNotSilentlyCompleted() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.twoPages, in: dir)
        let result = try Tools.shell("ux-split fixture.pdf | head -1 | ux-text | ux-merge", in: dir)
        #expect(result.status == 1)
        #expect(result.records.first?["status"]?.stringValue == "partial")
        #expect(result.records.first?["pages_missing"]?.intValue == 1)
        #expect(result.stderr.contains("ux-merge: error: fixture.pdf: document partial: 1 pages never arrived"))
    }

    @Test func missingFilesAreErrorRecordsAndTheBatchGoesOn() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.twoPages, in: dir)
        let result = try Tools.shell("ux-split nope.pdf fixture.pdf", in: dir)
        #expect(result.status == 66)
        #expect(result.stderr == "ux-split: error: nope.pdf: no such file\n")
        let records = result.records
        #expect(records.count == 3)
        #expect(records[0]["status"]?.stringValue == "error")
        #expect(records[0]["error"]?.objectValue?["code"]?.stringValue == "missing")
        #expect(records[2]["page"]?.intValue == 2)

        // A file whose name is not UTF-8 exists, but no record can name it: the error says why.
        let latin1 = try Tools.shell("cp fixture.pdf \"$(printf 'caf\\351.pdf')\"; ux-split caf*.pdf", in: dir)
        #expect(latin1.status == 66)
        #expect(latin1.stderr.contains("its name is not valid UTF-8"), "\(latin1.stderr)")
    }

    @Test func garbageWithAPDFNameIsAnErrorRecord() throws {
        let dir = try Tools.scratch()
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) }).write(to: dir.appendingPathComponent("noise.pdf"))
        try Data([0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 3]).write(to: dir.appendingPathComponent("noise.png"))
        let result = try Tools.shell("ux-split noise.pdf noise.png | ux-text | ux-merge", in: dir)
        #expect(result.status == 1)
        #expect(result.records.map { $0["status"]?.stringValue } == ["error", "error"])
        #expect(result.stderr.contains("ux-split: error: noise.pdf: "))
        #expect(result.stderr.contains("ux-split: error: noise.png: "))
    }

    @Test func closedPipeDownstreamExitsQuietly() throws {
        let dir = try Tools.scratch()
        let big = (1...40).map { n in #"{"lines":[{"x":72,"y":100,"size":12,"text":"Page \#(n)"}]}"# }
        _ = try Fixture.make(#"{"pages":[\#(big.joined(separator: ","))]}"#, in: dir)
        let result = try Tools.shell("ux-split fixture.pdf | head -1 >/dev/null; echo \"split=${PIPESTATUS[0]}\"; "
                                     + "ux-split fixture.pdf | ux-text -j2 | head -1 > /dev/null; echo \"text=${PIPESTATUS[1]}\"",
                                     in: dir)
        #expect(result.text == "split=0\ntext=0\n")
        #expect(result.stderr.isEmpty)
    }
}
