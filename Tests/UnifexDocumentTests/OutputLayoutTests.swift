import Testing
@testable import UnifexDocument
import UnifexCore

@Suite struct OutputNamesTests {
    @Test func differentDocumentsNeverShareAFile() {
        var names = OutputNames()
        let first = OutputLayout.fileName(for: "../x/a.pdf", format: "json")
        let second = OutputLayout.fileName(for: "x/a.pdf", format: "json")
        #expect(first == second)
        #expect(names.claim(first) == "x/a.pdf.json")
        #expect(names.claim(second) == "x/a.pdf~2.json")
        #expect(names.claim(OutputLayout.fileName(for: "/x/a.pdf", format: "json")) == "x/a.pdf~3.json")
        // Another document of the same file (a second --pages selection) gets a file of its own too.
        #expect(names.claim(first) == "x/a.pdf~4.json")
        #expect(names.claim("x/a.pdf~2.json") == "x/a.pdf~2~2.json")
        #expect(OutputNames.numbered("dir.v2/README", 2) == "dir.v2/README~2")
    }
}

@Suite struct UnitConversionTests {
    @Test func anInfiniteResolutionFallsBackToTheGivenOne() throws {
        let line = #"{"v":1,"type":"page","doc":"a.pdf","page":1,"status":"ok","width":612,"height":792,"text_source":"ocr","ocr":{"dpi":1e400},"dpi":1e400,"words":[{"text":"a","box":[72,72,144,144]}]}"#
        let record = try PageRecord.decode(Array(line.utf8))
        let px = record.converting(to: .px, fallbackDPI: 144)
        #expect(px["unit_dpi"]?.doubleValue == 144)
        #expect(Box(px["words"]?.arrayValue?.first?.objectValue?["box"]) == Box(x0: 144, y0: 144, x1: 288, y1: 288))
        let huge = try PageRecord.decode(Array(#"{"doc":"a.pdf","page":1,"width":1e400,"height":792}"#.utf8))
        #expect(huge.converting(to: .norm) == huge)
    }
}
