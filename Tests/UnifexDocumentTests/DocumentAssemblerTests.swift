import Foundation
import Testing
@testable import UnifexDocument
import UnifexCore

@Suite struct DocumentAssemblerTests {
    func page(_ doc: String, _ n: Int, of selected: Int, _ status: RecordStatus = .ok) -> PageRecord {
        var r = PageRecord(doc: doc, source: "pdf", page: n, pageCount: selected, selected: selected)
        r.status = status
        r["text"] = .string("p\(n)")
        return r
    }

    @Test func releasesADocumentWhenItsLastPageArrivesWithPagesInOrder() throws {
        var assembler = DocumentAssembler(format: TextFormat())
        #expect(try assembler.add(page("a", 2, of: 3))?.doc == nil)
        #expect(try assembler.add(page("b", 1, of: 1))?.doc == "b")
        #expect(try assembler.add(page("a", 1, of: 3))?.doc == nil)
        let a = try assembler.add(page("a", 3, of: 3))
        #expect(a?.pages.compactMap(\.page) == [1, 2, 3])
        #expect(a?.status == "ok")
        #expect(a.map { String(decoding: $0.bytes(), as: UTF8.self) } == "p1\u{0C}p2\u{0C}p3\u{0C}")
        #expect(assembler.openDocuments == 0)
    }

    @Test func jsonDocumentRecordCarriesPagesInOrder() throws {
        var assembler = DocumentAssembler(format: JSONFormat())
        _ = try assembler.add(page("a", 2, of: 2))
        let a = try #require(try assembler.add(page("a", 1, of: 2)))
        let bytes = a.bytes()
        #expect(bytes.last == 0x0A)
        let record = try #require(try JSONValue.parse(bytes.dropLast()).objectValue)
        #expect(record["type"]?.stringValue == "document")
        #expect(record["status"]?.stringValue == "ok")
        #expect(record["pages_ok"]?.intValue == 2)
        #expect(record["pages"]?.arrayValue?.compactMap { $0.objectValue?["page"]?.intValue } == [1, 2])
    }

    @Test func failedAndMissingPagesAreReported() throws {
        var assembler = DocumentAssembler()
        #expect(try assembler.add(page("a", 1, of: 2, .timeout))?.doc == nil)
        _ = try assembler.add(page("c", 1, of: 3))
        let a = try assembler.add(page("a", 2, of: 2))
        #expect(a?.status == "partial")
        #expect(a?.failedPages.compactMap(\.page) == [1])
        let rest = assembler.drain()
        #expect(rest.map(\.doc) == ["c"])
        #expect(rest.first?.missingPages == 2)
        #expect(rest.first?.status == "partial")
        let record = try JSONValue.parse(rest[0].bytes().dropLast()).objectValue
        #expect(record?["pages_missing"]?.intValue == 2)
    }

    @Test func documentErrorRecordCompletesAtOnce() throws {
        var assembler = DocumentAssembler()
        var error = PageRecord(doc: "x.pdf", source: "pdf", page: nil, pageCount: nil, selected: 1)
        error.fail(.error, RecordError(stage: "split", code: "missing", message: "no such file"))
        let doc = try assembler.add(error)
        #expect(doc?.status == "error")
        #expect(doc?.documentError?.code == "missing")
        let record = try JSONValue.parse(try #require(doc).bytes().dropLast()).objectValue
        #expect(record?["error"]?.objectValue?["code"]?.stringValue == "missing")
        #expect(record?["pages"]?.arrayValue?.count == 1)
    }

    @Test func sameDocumentAgainStartsANewGroup() throws {
        var assembler = DocumentAssembler()
        #expect(try assembler.add(page("a", 1, of: 1))?.doc == "a")
        #expect(try assembler.add(page("a", 1, of: 1))?.doc == "a")
    }
}
