import Foundation
import Testing
import UnifexCore
import UnifexTestSupport

@Suite(.needsCorpus) struct CorpusTableTests {
    /// California's WARN report: a 16-page ruled table exported from a spreadsheet.
    @Test func warnReportPagesAreOneRuledTableOfSevenColumns() throws {
        let path = Tools.corpus.appendingPathComponent("text/pdfplumber-WARN-report.pdf").path
        let result = try Tools.shell("ux-split --pages 1-2 '\(path)' | ux-text | ux-table -j2")
        #expect(result.status == 0, "\(result.stderr)")
        let pages = result.records
        #expect(pages.count == 2)
        for page in pages {
            let tables = try #require(page["tables"]?.arrayValue)
            #expect(tables.count == 1)
            #expect(tables.first?.objectValue?["kind"]?.stringValue == "ruled")
            #expect(tables.first?.objectValue?["cols"]?.intValue == 7)
        }
        let first = grid(try #require(pages.first?["tables"]?.arrayValue?.first))
        #expect(first[0][0] == "Notice Date")
        #expect(first[1][0] == "06/22/2015" && first[1][4] == "San Jose" && first[1][5] == "150")
        #expect(first.count == 37)
    }

    static let hebrewTable = Tools.corpus.deletingLastPathComponent()
        .appendingPathComponent("tables-tabula/pdfs/indictb1h_14.pdf").path

    /// A Hebrew table of indicators: the label cells read from the right, as pdftotext reads them.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: CorpusTableTests.hebrewTable), "needs ../tables-tabula beside the corpus"))
    func hebrewLabelCellsReadFromTheRight() throws {
        let result = try Tools.shell("ux-split '\(Self.hebrewTable)' | ux-text | ux-table")
        #expect(result.status == 0, "\(result.stderr)")
        let tables = try #require(result.records.first?["tables"]?.arrayValue)
        let cells = Set(tables.flatMap { grid($0).flatMap { $0 } })
        // pdftotext's text without its bidi embedding marks.
        let marks = Set("\u{202A}\u{202B}\u{202C}".unicodeScalars)
        let pdftotext = String(String.UnicodeScalarView(
            try Tools.shell("pdftotext '\(Self.hebrewTable)' -").text.unicodeScalars.filter { !marks.contains($0) }))
        for label in ["הסקטור העסקי", "שימושים במקורות", "הוצאה מקומית לביטחון", "למעט מוצרים בני-קיימא",
                      "ההוצאה לצריכה קולקטיבית לנפש", "יבוא סחורות ושירותים"] {
            #expect(pdftotext.contains(label), "pdftotext reads \(label)")
            #expect(cells.contains(label), "\(label) in \(cells.sorted())")
        }
        // One table, headed by its years; the year columns stay left to right on the page.
        #expect(tables.count == 1)
        let first = grid(try #require(tables.first))
        #expect(first[0].prefix(2) == ["2014", "2013"])
        #expect(first.contains { $0.prefix(2) == ["2.6", "3.2"] })
    }
}
