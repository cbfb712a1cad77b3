import Testing
@testable import UnifexDocument
import UnifexCore

@Suite struct OutputNamesTests {
    @Test func anotherDocumentOfTheSameNameIsNumberedBeforeTheExtension() {
        #expect(OutputLayout.fileName(for: "../x/a.pdf", format: "json") == OutputLayout.fileName(for: "x/a.pdf", format: "json"))
        #expect(OutputLayout.numbered("x/a.pdf.json", 2) == "x/a.pdf~2.json")
        #expect(OutputLayout.numbered("x/a.pdf~2.json", 2) == "x/a.pdf~2~2.json")
        #expect(OutputLayout.numbered("dir.v2/README", 2) == "dir.v2/README~2")
    }
}

@Suite struct PathNameTests {
    @Test func foldersAndNamesAreTakenApartOnTheBytesGiven() {
        for (path, parent, last) in [("o", "", "o"), ("o/", "", "o"), ("a/b", "a", "b"), ("a/b/", "a", "b"), ("a//b", "a", "b"),
                                     ("/a", "/", "a"), ("/", "/", "/"), ("./o", ".", "o"), ("../x/o", "../x", "o"),
                                     ("sp ace/o", "sp ace", "o"), ("é/ü", "é", "ü"), ("", "", "")] {
            #expect(PathName.parent(of: path) == parent, "\(path)")
            #expect(PathName.lastComponent(of: path) == last, "\(path)")
        }
        #expect(PathName.join("o", "a.json") == "o/a.json")
        #expect(PathName.join("o/", "a.json") == "o/a.json")
        #expect(PathName.join("", "a.json") == "a.json")
        #expect(PathName.staysInside("x/a.pdf.json"))
        for outside in ["", "/etc/x", "../../etc/x", "a/../../b", "a/..", "a\u{0}b"] { #expect(!PathName.staysInside(outside), "\(outside)") }
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
