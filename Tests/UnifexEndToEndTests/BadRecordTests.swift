import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// Records that no tool may take at their word: a `doc` no file name can be, a page that is not
/// a page number, the same page twice.
@Suite struct BadRecordTests {
    static func page(doc: String = "a.pdf", page: String = "1", selected: Int = 1, text: String = "alpha") -> String {
        #"{"v":1,"type":"page","doc":"\#(doc)","source":"pdf","page":\#(page),"page_count":\#(selected),"selected":\#(selected),"status":"ok","width":612,"height":792,"text":"\#(text)\n","words":[{"text":"\#(text)","box":[72,72,120,84]}],"lines":[{"text":"\#(text)","box":[72,72,120,84]}],"text_source":"pdf"}"#
    }

    static func input(_ lines: [String]) -> Data { Data((lines.joined(separator: "\n") + "\n").utf8) }

    @Test func aNULInDocIsABadRecordAndReplacesNothing() throws {
        let dir = try Tools.scratch()
        let lines = [Self.page(text: "alpha"), Self.page(doc: #"a.pdf.json\u0000x"#, text: "intruder")]
        let merged = try Tools.shell("ux-merge --output-dir out --report report.json", stdin: Self.input(lines), in: dir)
        #expect(merged.status == 65)
        let errors = merged.stderr.split(separator: "\n").filter { $0.contains("error:") }
        #expect(errors.count == 1, "\(merged.stderr)")
        #expect(errors.first?.hasPrefix("ux-merge: error: stdin:2: \"doc\" contains a NUL character") == true, "\(merged.stderr)")
        let written = try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("out/a.pdf.json"))).objectValue
        #expect(written?["doc"]?.stringValue == "a.pdf")
        #expect(written?["pages"]?.arrayValue?.first?.objectValue?["text"]?.stringValue == "alpha\n")
        let report = try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("report.json"))).objectValue
        #expect(report?["malformed_lines"]?.intValue == 1)

        // The same check where every tool decodes: ux-text, ux-ocr and ux-grep refuse it too.
        for tool in ["ux-text", "ux-ocr", "ux-grep intruder"] {
            let result = try Tools.shell(tool, stdin: Self.input([lines[1]]), in: dir)
            #expect(result.status == 65, "\(tool): \(result.stderr)")
            #expect(result.stderr.contains("stdin:1: \"doc\" contains a NUL character"), "\(tool): \(result.stderr)")
            if tool != "ux-grep intruder" {
                let record = try #require(result.records.first)
                #expect(record["doc"] == .null)
                #expect(record["error"]?.objectValue?["code"]?.stringValue == "bad-record")
            } else {
                #expect(result.stdout.isEmpty)
            }
        }
    }

    @Test(arguments: [#""x""#, "1.5", "1e30", "0", "-2", "true", "[1]"])
    func aPageThatIsNotAPageNumberIsABadRecordEverywhere(_ page: String) throws {
        let dir = try Tools.scratch()
        let line = Self.page(page: page)
        for tool in ["ux-text", "ux-ocr"] {
            let result = try Tools.shell(tool, stdin: Self.input([line]), in: dir)
            #expect(result.status == 65, "\(tool) \(page): \(result.stderr)")
            #expect(result.stderr.contains("stdin:1: \"page\" is \(page), not a page number"), "\(tool): \(result.stderr)")
            let record = try #require(result.records.first)
            #expect(record["status"]?.stringValue == "error")
            #expect(record["error"]?.objectValue?["code"]?.stringValue == "bad-record")
            #expect(record["raw"]?.stringValue == line)
        }
        let merged = try Tools.shell("ux-merge --report report.json", stdin: Self.input([line, Self.page(doc: "b.pdf")]), in: dir)
        #expect(merged.status == 65, "\(merged.stderr)")
        #expect(merged.stderr.contains("ux-merge: error: stdin:1: \"page\" is \(page), not a page number"), "\(merged.stderr)")
        // No document with an empty reason: the line stays a bad-input record, b.pdf is written as ever.
        #expect(merged.records.count == 2)
        #expect(merged.records.first?["doc"] == .null)
        #expect(merged.records.first?["error"]?.objectValue?["message"]?.stringValue?.contains("not a page number") == true)
        #expect(merged.records.last?["doc"]?.stringValue == "b.pdf")
        #expect(merged.records.last?["status"]?.stringValue == "ok")
        let grep = try Tools.shell("ux-grep alpha", stdin: Self.input([line]), in: dir)
        #expect(grep.status == 65)
        #expect(grep.stdout.isEmpty)
    }

    @Test func aPageArrivingTwiceIsKeptOnceAndSaidSo() throws {
        let dir = try Tools.scratch()
        let lines = [Self.page(page: "1", selected: 2, text: "first"), Self.page(page: "1", selected: 2, text: "again"),
                     Self.page(page: "2", selected: 2, text: "second")]
        let merged = try Tools.shell("ux-merge --report report.json", stdin: Self.input(lines), in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stderr.contains("ux-merge: warning: a.pdf: page 1 arrived 2 times; the last record of each is kept"), "\(merged.stderr)")
        let document = try #require(merged.records.first)
        #expect(merged.records.count == 1)
        #expect(document["status"]?.stringValue == "ok")
        let pages = document["pages"]?.arrayValue?.compactMap(\.objectValue) ?? []
        #expect(pages.map { $0["text"]?.stringValue } == ["again\n", "second\n"])
        #expect(document["duplicate_pages"] == .array([.int(1)]))
        let report = try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("report.json"))).objectValue
        let duplicates = report?["duplicate_pages"]?.arrayValue?.first?.objectValue
        #expect(duplicates?["doc"]?.stringValue == "a.pdf")
        #expect(duplicates?["pages"] == .array([.int(1)]))
    }

    @Test func aPageArrivingAfterItsDocumentWasWrittenIsLeftOutAndSaidSo() throws {
        let dir = try Tools.scratch()
        let lines = [Self.page(text: "first"), Self.page(doc: "b.pdf"), Self.page(text: "late"), Self.page(text: "later")]
        let merged = try Tools.shell("ux-merge --output-dir out --report report.json", stdin: Self.input(lines), in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        let warnings = merged.stderr.split(separator: "\n").filter { $0.contains("arrived again") }
        #expect(warnings == ["ux-merge: warning: a.pdf: page 1 arrived again after the document was written whole; left out, as are any more copies of its pages (the report lists them)"], "\(merged.stderr)")
        // The complete document stays as written: no partial copy over it, and no a.pdf~2.json.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).sorted() == [".unifex-outputs", "a.pdf.json", "b.pdf.json"])
        let written = try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("out/a.pdf.json"))).objectValue
        #expect(written?["pages"]?.arrayValue?.first?.objectValue?["text"]?.stringValue == "first\n")
        let report = try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("report.json"))).objectValue
        #expect(report?["documents"]?.objectValue?["total"]?.intValue == 2)
        #expect(report?["duplicate_pages"] == .array([.object(JSONObject([("doc", .string("a.pdf")), ("pages", .array([.int(1), .int(1)]))]))]))

        // Another page of the same file (a second --pages selection) is no repeat: a document of its own.
        let other = #"{"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":2,"page_count":2,"selected":1,"status":"ok","text":"other\n","words":[],"lines":[]}"#
        let more = try Tools.shell("ux-merge", stdin: Self.input(lines + [other]), in: dir)
        #expect(more.status == 0, "\(more.stderr)")
        #expect(more.records.compactMap { $0["doc"]?.stringValue } == ["a.pdf", "b.pdf", "a.pdf"])
        #expect(more.records.last?["pages"]?.arrayValue?.first?.objectValue?["text"]?.stringValue == "other\n")
    }

    @Test func aBlockOfAKindUxMergeDoesNotKnowIsWrittenAsAParagraphAndNamedOnce() throws {
        let blocks = #","blocks":[{"kind":"quote","box":[72,72,300,84],"text":"To be or not to be","lines":[0]},"#
            + #"{"kind":"paragraph","box":[72,90,300,102],"text":"said Hamlet.","lines":[0]}]}"#
        let lines = ["a.pdf", "b.pdf"].map { String(Self.page(doc: $0).dropLast()) + blocks }
        for format in ["markdown", "chunks"] {
            let result = try Tools.shell("ux-merge --format \(format)", stdin: Self.input(lines))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.text.components(separatedBy: "To be or not to be").count == 3, "\(format): \(result.text)")
            let warnings = result.stderr.split(separator: "\n").filter { $0.contains("warning:") }
            #expect(warnings == ["ux-merge: warning: a.pdf: page 1: block kind \"quote\" is not one ux-merge knows; "
                                 + "its text is written as a paragraph (said once per kind)"], "\(format): \(result.stderr)")
        }
        // The JSON carries the block as it came, and has nothing to say of it.
        let json = try Tools.shell("ux-merge", stdin: Self.input(lines))
        #expect(json.stderr.isEmpty, "\(json.stderr)")
        #expect(json.text.contains(#""kind":"quote""#))
    }

    @Test(arguments: [("5", "1", "page 5 is out of range (document has 1)"),
                      ("1", "-5", "\"page_count\" is -5, not a number of pages (a whole number from 0, or null)"),
                      ("1", "1e30", "\"page_count\" is 1e30, not a number of pages (a whole number from 0, or null)"),
                      ("1", "1.5", "\"page_count\" is 1.5, not a number of pages (a whole number from 0, or null)"),
                      ("1", #""x""#, "\"page_count\" is \"x\", not a number of pages (a whole number from 0, or null)")])
    func aPageOutOfItsDocumentsRangeIsABadRecord(_ page: String, _ count: String, _ reason: String) throws {
        let line = Self.page(page: page).replacingOccurrences(of: #""page_count":1"#, with: #""page_count":\#(count)"#)
        for format in ["json", "text", "markdown"] {
            let result = try Tools.shell("ux-merge --format \(format)", stdin: Self.input([line, Self.page(doc: "b.pdf")]))
            #expect(result.status == 1, "\(format): \(result.stderr)")
            #expect(result.stderr.contains("ux-merge: error: a.pdf: page \(page): \(reason)\n"), "\(format): \(result.stderr)")
            #expect(result.stderr.contains("ux-merge: error: a.pdf: document error: failed pages \(page)"), "\(format): \(result.stderr)")
            guard format == "json" else { continue }
            let a = try #require(result.records.first)
            #expect(a["status"]?.stringValue == "error")
            let error = a["pages"]?.arrayValue?.first?.objectValue?["error"]?.objectValue
            #expect(error?["code"]?.stringValue == "bad-record")
            #expect(error?["stage"]?.stringValue == "merge")
            #expect(result.records.last?["status"]?.stringValue == "ok")
        }
        // A count that is no number is not the document's: its record says it does not know it.
        let a = try #require(try Tools.shell("ux-merge", stdin: Self.input([line])).records.first)
        #expect(a["page_count"] == (count == "1" ? .int(1) : .null))
    }

    @Test func everyFormatRefusesTheSameMalformedLine() throws {
        // Not JSON inside fields plain text does not read (a NaN in a box, half a surrogate pair in
        // a word): the line is malformed whatever the format.
        let nan = Self.page().replacingOccurrences(of: #""lines":[{"text":"alpha","box":[72,72,120,84]}]"#,
                                                   with: #""lines":[{"text":"alpha","box":[NaN,72,120,84]}]"#)
        let surrogate = Self.page().replacingOccurrences(of: #""words":[{"text":"alpha""#, with: #""words":[{"text":"al\ud800pha""#)
        #expect(nan != Self.page() && surrogate != Self.page())
        for line in [nan, surrogate] {
            let formats = ["json", "text", "markdown", "tsv", "hocr", "jsonl-data", "csv", "chunks"]
            let results = try formats.map { try Tools.shell("ux-merge --format \($0)", stdin: Self.input([line, Self.page(doc: "b.pdf")])) }
            for (format, result) in zip(formats, results) {
                #expect(result.status == 65, "\(format): \(result.stderr)")
                #expect(result.stderr.hasPrefix("ux-merge: error: stdin:1: invalid JSON"), "\(format): \(result.stderr)")
            }
        }
    }
}
