import Foundation
import Testing
import UnifexCore
import UnifexFixtures
import UnifexTestSupport

/// A table cut by a page break is one table where documents are assembled, within a document only.
@Suite struct TableContinuationTests {
    static let header = ["Town", "Pupils", "Schools"]
    static let first = [["Alder", "3410", "12"], ["Birch", "2077", "9"], ["Cedar", "4120", "14"], ["Dunmore", "1902", "7"]]
    static let second = [["Elmwood", "3008", "11"], ["Fernhill", "2511", "8"], ["Glenview", "1377", "5"]]

    /// Page 1 ends with the table's first rows; page 2 repeats the header and goes on.
    static func pages(repeatHeader: Bool = true) -> [FixtureWriter.Page] {
        let top = TableSpec(y: 600, widths: [120, 70, 70], cells: ([header] + first).map { $0.map(Optional.some) })
        let rest = TableSpec(y: 72, widths: [120, 70, 70], cells: ((repeatHeader ? [header] : []) + second).map { $0.map(Optional.some) })
        var one = FixtureWriter.Page(lines: top.lines + [.init(x: 72, y: 580, size: 10, text: "Table 2: Pupils and schools by town")])
        one.rules = top.rules
        var two = FixtureWriter.Page(lines: rest.lines)
        two.rules = rest.rules
        return [one, two]
    }

    @Test func aTableGoingOnOverAPageBreakIsOneCSVFile() throws {
        let dir = try Tools.scratch()
        _ = try FixtureWriter.write(Self.pages(), to: dir.appendingPathComponent("report.pdf").path)
        let records = try Tools.shell("ux-split report.pdf | ux-text | ux-table | ux-merge --format json", in: dir)
        #expect(records.status == 0, "\(records.stderr)")
        let pages = records.records.first?["pages"]?.arrayValue?.compactMap(\.objectValue) ?? []
        #expect(pages.count == 2)
        #expect(pages.first?["tables"]?.arrayValue?.first?.objectValue?["continued"] == nil)
        #expect(pages.last?["tables"]?.arrayValue?.first?.objectValue?["continued"]?.boolValue == true)

        let csv = try Tools.shell("ux-split report.pdf | ux-text | ux-table | ux-merge --format csv --output-dir out", in: dir)
        #expect(csv.status == 0, "\(csv.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).filter { $0.hasSuffix(".csv") }
        #expect(files == ["report.pdf.p1.t1.csv"])
        let text = try String(contentsOf: dir.appendingPathComponent("out/report.pdf.p1.t1.csv"), encoding: .utf8)
        let expected = ([Self.header] + Self.first + Self.second).map { $0.joined(separator: ",") + "\r\n" }.joined()
        #expect(text == expected)
    }

    @Test func aMissingHeaderOnTheNextPageJoinsToo() throws {
        let dir = try Tools.scratch()
        _ = try FixtureWriter.write(Self.pages(repeatHeader: false), to: dir.appendingPathComponent("report.pdf").path)
        let csv = try Tools.shell("ux-split report.pdf | ux-text | ux-table | ux-merge --format csv", in: dir)
        #expect(csv.status == 0, "\(csv.stderr)")
        let expected = ([Self.header] + Self.first + Self.second).map { $0.joined(separator: ",") + "\r\n" }.joined()
        #expect(csv.text == expected)
    }

    /// The same table ending one document and beginning the next: two tables.
    @Test func neverAcrossADocumentBoundary() throws {
        let dir = try Tools.scratch()
        let pages = Self.pages()
        _ = try FixtureWriter.write([pages[0]], to: dir.appendingPathComponent("a.pdf").path)
        _ = try FixtureWriter.write([pages[1]], to: dir.appendingPathComponent("b.pdf").path)
        let csv = try Tools.shell("ux-split a.pdf b.pdf | ux-text | ux-table | ux-merge --format csv --output-dir out", in: dir)
        #expect(csv.status == 0, "\(csv.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).filter { $0.hasSuffix(".csv") }
        #expect(files.sorted() == ["a.pdf.p1.t1.csv", "b.pdf.p1.t1.csv"])
    }
}
