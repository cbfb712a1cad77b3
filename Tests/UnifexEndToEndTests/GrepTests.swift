import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// ux-grep on records of generated PDFs whose words sit at known positions.
@Suite struct GrepTests {
    static let spec = """
        {"pages":[
          {"width":612,"height":792,"lines":[
            {"x":72,"y":100,"size":12,"text":"Invoice number 4711 due soon"},
            {"x":72,"y":140,"size":12,"text":"Total"},
            {"x":400,"y":140,"size":12,"text":"42.50 EUR"}]},
          {"width":400,"height":300,"lines":[
            {"x":40,"y":60,"size":10,"text":"Second page: invoice NUMBER 99"}]}
        ]}
        """

    /// The fixture's page records (ux-split | ux-text) in a file, and the words' true boxes.
    static func pages() throws -> (dir: URL, fixture: Fixture) {
        let dir = try Tools.scratch()
        let fixture = try Fixture.make(spec, in: dir)
        let result = try Tools.shell("ux-split fixture.pdf | ux-text > pages.ndjson", in: dir)
        guard result.status == 0 else { throw Fixture.FixtureError(message: result.stderr) }
        return (dir, fixture)
    }

    static func hits(_ result: Tools.Result) -> [JSONObject] {
        result.records.filter { $0["type"]?.stringValue == "hit" }
    }

    @Test func phraseAcrossTwoWordsHasItsPageAndBox() throws {
        let (dir, fixture) = try Self.pages()
        let result = try Tools.shell("ux-grep 'number 4711' pages.ndjson", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let hits = Self.hits(result)
        #expect(hits.count == 1)
        #expect(result.lines.count == 1)
        let hit = try #require(hits.first)
        #expect(hit["v"]?.intValue == 1)
        #expect(hit["doc"]?.stringValue == "fixture.pdf")
        #expect(hit["page"]?.intValue == 1)
        #expect(hit["text"]?.stringValue == "number 4711")
        #expect(hit["words"]?.arrayValue?.compactMap(\.intValue) == [1, 2])
        let box = try #require(Box(hit["box"]))
        let truth = fixture.truth[0][1].box.union(fixture.truth[0][2].box)
        #expect(box.overlapRatio(truth) > 0.8, "\(box) vs \(truth)")
        #expect(abs(box.x0 - truth.x0) < 1.5 && abs(box.x1 - truth.x1) < 1.5)
        #expect(abs(box.y0 - truth.y0) < 2 && abs(box.y1 - truth.y1) < 2)
    }

    @Test func caseInsensitiveFindsBothPages() throws {
        let (dir, _) = try Self.pages()
        let exact = try Tools.shell("ux-grep 'invoice number' pages.ndjson", in: dir)
        #expect(exact.status == 1)
        #expect(exact.stdout.isEmpty)
        let result = try Tools.shell("ux-grep -i 'invoice number' < pages.ndjson", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let hits = Self.hits(result)
        #expect(hits.compactMap { $0["page"]?.intValue } == [1, 2])
        #expect(hits.compactMap { $0["text"]?.stringValue } == ["Invoice number", "invoice NUMBER"])
        let count = try Tools.shell("ux-grep -ci 'invoice number' pages.ndjson", in: dir)
        #expect(count.status == 0)
        #expect(count.text == "2\n")
    }

    @Test func regularExpression() throws {
        let (dir, _) = try Self.pages()
        let result = try Tools.shell(#"ux-grep -E '[0-9]+\.[0-9]{2} [A-Z]{3}' pages.ndjson"#, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.hits(result).compactMap { $0["text"]?.stringValue } == ["42.50 EUR"])
        // Literal by default: the dot is a dot.
        let literal = try Tools.shell("ux-grep '42x50' pages.ndjson; ux-grep -E '42.50' pages.ndjson", in: dir)
        #expect(Self.hits(literal).count == 1)
    }

    @Test func tableColumnsAreNotJoinedUnlessTheGapAllows() throws {
        let (dir, _) = try Self.pages()
        let narrow = try Tools.shell("ux-grep 'Total 42.50' pages.ndjson", in: dir)
        #expect(narrow.status == 1)
        let wide = try Tools.shell("ux-grep --merge-gap 400 'Total 42.50' pages.ndjson", in: dir)
        #expect(wide.status == 0)
        #expect(Self.hits(wide).first?["words"]?.arrayValue?.count == 2)
    }

    @Test func noHitExitsOne() throws {
        let (dir, _) = try Self.pages()
        let result = try Tools.shell("ux-grep 'purchase order' pages.ndjson", in: dir)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.isEmpty)
        let count = try Tools.shell("ux-grep -c 'purchase order' pages.ndjson", in: dir)
        #expect(count.status == 1)
        #expect(count.text == "0\n")
    }

    @Test func malformedLineIsReportedAndTheRestSearched() throws {
        let (dir, _) = try Self.pages()
        let result = try Tools.shell(#"(echo '{"doc": 3'; echo '[1,2]'; cat pages.ndjson) | ux-grep 4711"#, in: dir)
        #expect(result.status == 65)
        let errors = result.stderr.split(separator: "\n")
        #expect(errors.count == 2)
        #expect(errors.first?.hasPrefix("ux-grep: error: stdin:1: invalid JSON") == true)
        #expect(errors.last?.hasPrefix("ux-grep: error: stdin:2: ") == true)
        #expect(Self.hits(result).count == 1)
        // The error record an upstream tool wrote for a malformed line is not malformed itself.
        let upstream = try Tools.shell("set +o pipefail; (echo 'garbage'; cat pages.ndjson) | ux-text 2>/dev/null | ux-grep 4711", in: dir)
        #expect(upstream.status == 0, "\(upstream.stderr)")
        #expect(upstream.stderr.isEmpty)
    }

    @Test func documentRecordsAreSearchedPageByPage() throws {
        let (dir, _) = try Self.pages()
        let result = try Tools.shell("ux-merge < pages.ndjson | ux-grep -i 'NUMBER 99'", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let hit = try #require(Self.hits(result).first)
        #expect(hit["doc"]?.stringValue == "fixture.pdf")
        #expect(hit["page"]?.intValue == 2)
        #expect(hit["text"]?.stringValue == "NUMBER 99")
    }

    @Test func usageErrorsAndMissingFiles() throws {
        let (dir, _) = try Self.pages()
        let badRegex = try Tools.shell("ux-grep -E '(' pages.ndjson", in: dir)
        #expect(badRegex.status == 64)
        #expect(badRegex.stderr.hasPrefix("ux-grep: error: "))
        let missing = try Tools.shell("ux-grep 4711 missing.ndjson pages.ndjson", in: dir)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("ux-grep: error: missing.ndjson: "))
        #expect(Self.hits(missing).count == 1)
        let version = try Tools.shell("ux-grep --version")
        #expect(version.status == 0)
        #expect(version.text == unifexVersion + "\n")
        let help = try Tools.shell("ux-grep --help")
        #expect(help.text.contains("Exit status:"))
    }

    @Test func regularExpressionsRunInLinearTime() throws {
        // A page of 40 lines of prose without a colon: a backtracking matcher tries every way of
        // cutting each line's words into \w+ pieces and does not finish in minutes.
        let line = "the pages of a paper in lines of prose set in five point type"
        let lines = (0..<40).map { #"{"x":20,"y":\#(40 + 16 * $0),"size":5,"text":"\#(line)"}"# }
        let dir = try Tools.scratch()
        _ = try Fixture.make(#"{"pages":[{"width":612,"height":792,"lines":[\#(lines.joined(separator: ","))]}]}"#, in: dir)
        let split = try Tools.shell("ux-split fixture.pdf | ux-text > pages.ndjson", in: dir)
        #expect(split.status == 0, "\(split.stderr)")
        let start = Date()
        let result = try Tools.shell(#"ux-grep -c -E '(\w+\s?)+:' pages.ndjson; ux-grep -c -E '(\w+\s?)+type' pages.ndjson"#, in: dir, timeout: 60)
        let seconds = Date().timeIntervalSince(start)
        #expect(result.text == "0\n40\n", "\(result.stderr)")
        #expect(seconds < 20, "\(seconds) s")
    }
}
