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
}
