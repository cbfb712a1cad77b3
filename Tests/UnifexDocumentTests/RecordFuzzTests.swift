import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import UnifexDocument
@testable import UXMerge
import UXGrep
import UnifexCore

/// Generated hostile records through everything that reads them: the record decoder, every unit
/// and every output format of ux-merge's rendering, the batch report and the search. Nothing may
/// crash, and what comes out must be well-formed: JSON parses, hOCR parses as XML, TSV rows have
/// tesseract's 12 columns.
///
/// A few hundred records with a fixed seed by default (seconds); `UNIFEX_FUZZ_ITERATIONS` runs
/// more, `UNIFEX_FUZZ_SEED` another sequence (`scripts/fuzz-records` does both).
@Suite struct RecordFuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let iterations = environment["UNIFEX_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 200
    static let seed = environment["UNIFEX_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x756E_6966_6578

    @Test func hostileRecordsNeverCrashAndRenderWellFormed() throws {
        let generator = RecordGenerator(random: SplitMix64(seed: Self.seed))
        var decoded = 0
        for iteration in 0..<Self.iterations {
            let line = generator.line()
            let context = Comment(rawValue: "seed \(Self.seed), iteration \(iteration): \(line.prefix(600))")
            let (record, error) = PageRecord.decode(line: Array(line.utf8), number: iteration + 1, stage: "merge")
            #expect(Self.parses(record.serialized()), context)
            if error != nil {
                #expect(record.doc == nil && record["error"] != nil, context)
                continue
            }
            decoded += 1
            try Self.render(record, context: context)
        }
        // The generator must reach the renderers, not only the decoder's error path.
        #expect(decoded >= Self.iterations / 5, "only \(decoded) of \(Self.iterations) records decoded")
    }

    /// What the generator first found, kept as plain cases: control characters and line breaks
    /// in words (hOCR must still parse, a TSV row must stay one row), and a field nested so deep
    /// that the document around the page would be deeper than any tool reads.
    @Test(arguments: [
        #"{"v":1,"type":"page","doc":"a.pdf","page":1,"selected":1,"status":"ok","width":612,"height":792,"text":"x","words":[{"text":"a\nb\u0001\t\uffff","box":[1,1,9,9]}],"lines":[{"text":"a","box":[0,0,10,10]}]}"#,
        #"{"v":1,"type":"page","doc":"a\u0002.pdf","page":1,"selected":1,"status":"ok","text":"\u0000","metadata":{"title":"\u001b[31m"},"words":[],"lines":[]}"#,
        #"{"v":1,"type":"page","doc":"a.pdf","page":1,"selected":1,"status":"ok","source":"# + String(repeating: "[", count: 510) + String(repeating: "]", count: 510) + "}",
    ])
    func foundCases(_ line: String) throws {
        let (record, error) = PageRecord.decode(line: Array(line.utf8), number: 1, stage: "merge")
        if error == nil { try Self.render(record, context: Comment(rawValue: line)) }
        #expect(Self.parses(record.serialized()))
    }

    static func render(_ record: PageRecord, context: Comment) throws {
        for unit in CoordinateUnit.allCases {
            let converted = record.converting(to: unit, fallbackDPI: unit == .px ? 300 : 72)
            #expect(parses(converted.serialized()), context)
            for format in DocumentFormats.all {
                var assembler = DocumentAssembler(format: format)
                var documents: [AssembledDocument] = []
                if let done = try assembler.add(converted) { documents.append(done) }
                documents += assembler.drain()
                for document in documents {
                    check(document.bytes(), format: format, context: context)
                    var report = BatchReport()
                    report.add(document)
                    report.addTimings(converted)
                    #expect(parses(report.json(interrupted: false, tools: [], options: JSONObject()).serialized()), context)
                }
            }
        }
        if let search = try? TextSearch(pattern: "a b", caseInsensitive: true) {
            for hit in search.search(TextSearch.words(of: record), unitsPerPoint: TextSearch.unitsPerPoint(of: record)) {
                #expect(parses(hit.box.json.serialized()), context)
            }
        }
    }

    static func check(_ bytes: [UInt8], format: any DocumentFormat, context: Comment) {
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(String(validating: bytes, as: UTF8.self) != nil, context)
        switch format.name {
        case "json":
            #expect(bytes.last == 0x0A && bytes.dropLast().firstIndex(of: 0x0A) == nil, context)
            #expect(parses(String(text.dropLast())), context)
        case "hocr":
            let parser = XMLParser(data: Data(bytes))
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? ""); \(context)")
        case "tsv":
            let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(rows.last == "", context)
            for row in rows.dropLast() {
                #expect(row.split(separator: "\t", omittingEmptySubsequences: false).count == 12, "\(row.prefix(200)); \(context)")
            }
        default:
            break
        }
    }

    static func parses(_ json: String) -> Bool { (try? JSONValue.parse(json)) != nil }
}
