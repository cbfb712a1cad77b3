import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import UnifexTestSupport
import Testing
import UnifexCore

/// Numbers no real page has (a font size of 1e20, boxes of 1e400 in a record) must come out as
/// well-formed output, never as a crash that loses the rest of the batch.
@Suite struct HugeNumberTests {
    static func batch() throws -> URL {
        let dir = try Tools.scratch()
        try RawPDF.write(content: "BT /F1 100000000000000000000 Tf 72 600 Td (Z) Tj ET", to: dir.appendingPathComponent("huge.pdf"))
        try RawPDF.write(content: "BT /F1 12 Tf 72 600 Td (Hello world) Tj ET", to: dir.appendingPathComponent("after.pdf"))
        return dir
    }

    @Test(arguments: ["--format hocr", "--format tsv --unit px", "--format hocr --unit norm", "--format tsv",
                      "--format markdown", "--format chunks --unit in", "--unit px", "--unit norm"])
    func aHugeFontSizeIsWrittenAndTheBatchGoesOn(_ options: String) throws {
        let dir = try Self.batch()
        let result = try Tools.shell(
            "ux-split huge.pdf after.pdf | ux-text | ux-merge \(options) --output-dir out --report report.json",
            in: dir, environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("report.json")))
        #expect(report.objectValue?["documents"]?.objectValue?["ok"]?.intValue == 2)
        let ext = options.contains("hocr") ? "hocr" : options.contains("tsv") ? "tsv" : options.contains("markdown") ? "md"
            : options.contains("chunks") ? "chunks.jsonl" : "json"
        for name in ["huge.pdf", "after.pdf"] {
            let data = try Data(contentsOf: dir.appendingPathComponent("out/\(name).\(ext)"))
            switch ext {
            case "hocr":
                #expect(XMLParser(data: data).parse(), "\(name) is not well-formed XML")
            case "tsv":
                let rows = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                #expect(rows.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 12 })
            case "json":
                #expect((try? JSONValue.parse(data)) != nil)
            default:
                #expect(!data.isEmpty)
            }
        }
    }

    @Test func hugeBoxesInARecordBecomeSaturatedHOCRBoxes() throws {
        let record = #"{"v":1,"type":"page","doc":"x.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok","width":612,"height":792,"text":"Z\n","words":[{"text":"Z","box":[-1e400,1e300,1e400,2e19],"conf":1e400}],"lines":[{"text":"Z","box":[-1e400,1e300,1e400,2e19]}],"timings":{"text":1e400,"ocr":-0}}"#
        let result = try Tools.shell("ux-merge --format hocr --report report.json", stdin: Data((record + "\n").utf8),
                                     in: try Tools.scratch(), environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(XMLParser(data: result.stdout).parse())
        #expect(result.text.contains("bbox \(Int.min) "))
        #expect(result.text.contains("x_wconf 100"))
    }
}

extension HugeNumberTests {
    @Test(arguments: ["nan", "inf", "0", "-72", "1e400"])
    func aResolutionThatIsNoNumberOfDotsIsAUsageError(_ dpi: String) throws {
        let result = try Tools.shell("ux-merge --unit px --dpi=\(dpi) < /dev/null")
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--dpi must be a number of dots per inch above 0"), "\(result.stderr)")
    }
}
