import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// What unifex's library users rely on: units, characters with fonts, metadata, and the
/// structured output formats.
@Suite struct FormatTests {
    static let page = """
        {"pages":[{"width":612,"height":792,"lines":[
          {"x":72,"y":80,"size":24,"text":"Annual Summary"},
          {"x":72,"y":130,"size":11,"text":"The first paragraph has two lines of body"},
          {"x":72,"y":144,"size":11,"text":"text that belong together as one block."},
          {"x":72,"y":200,"size":11,"text":"A second paragraph stands apart from it."}]}]}
        """

    @Test func charactersCarryFontAndSize() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.page, in: dir)
        let result = try Tools.shell("ux-split fixture.pdf | ux-text --chars", in: dir)
        let record = try #require(result.records.first)
        let chars = record["chars"]?.arrayValue?.compactMap(\.objectValue) ?? []
        let words = record["words"]?.arrayValue?.compactMap { TextSpan($0) } ?? []
        #expect(chars.count == words.map(\.text.count).reduce(0, +))
        #expect(chars.first?["text"]?.stringValue == "A")
        #expect(chars.first?["font"]?.stringValue?.contains("DejaVuSans") == true)
        #expect(chars.first?["size"]?.doubleValue == 24)
        #expect(chars.last?["size"]?.doubleValue == 11)
        let firstBox = try #require(Box(chars.first?["box"]))
        #expect(firstBox.overlapRatio(words[0].box) > 0.9)
    }

    @Test(.needsCorpus) func metadataRidesOnTheDocument() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.page, in: dir)
        let mine = try Tools.shell("ux-split fixture.pdf | ux-text | ux-merge", in: dir)
        #expect(mine.records.first?["metadata"]?.objectValue?["producer"]?.stringValue?.contains("cairo") == true)
        let book = Tools.corpus.appendingPathComponent("text/pdfjs-freeculture.pdf").path
        let corpus = try Tools.shell("ux-split --pages 1 '\(book)' | ux-merge")
        let metadata = corpus.records.first?["metadata"]?.objectValue
        #expect(metadata?["title"]?.stringValue == "Free Culture")
        #expect(metadata?["author"]?.stringValue == "Lawrence Lessig")
        #expect(metadata?["created"]?.stringValue == "2004-02-10T21:36:42Z")
    }

    @Test func unitsConvertEveryBox() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.page, in: dir)
        func firstWord(_ unit: String) throws -> (Box, JSONObject) {
            let result = try Tools.shell("ux-split fixture.pdf | ux-text | ux-merge --unit \(unit)\(unit == "px" ? " --dpi 300" : "")", in: dir)
            let page = try #require(result.records.first?["pages"]?.arrayValue?.first?.objectValue)
            let box = try #require(Box(page["words"]?.arrayValue?.first?.objectValue?["box"]))
            return (box, page)
        }
        let (pt, _) = try firstWord("pt")
        let (px, pxPage) = try firstWord("px")
        #expect(abs(px.x0 - pt.x0 * 300 / 72) < 0.05)
        #expect(pxPage["unit"]?.stringValue == "px")
        #expect(pxPage["width"]?.doubleValue == 2550)
        let (inch, _) = try firstWord("in")
        #expect(abs(inch.x0 - pt.x0 / 72) < 0.01)
        let (norm, normPage) = try firstWord("norm")
        #expect(abs(norm.x0 - pt.x0 / 612) < 0.001)
        #expect(abs(norm.y1 - pt.y1 / 792) < 0.001)
        #expect(normPage["width"]?.doubleValue == 612)
    }

    @Test func markdownHasHeadingsAndParagraphs() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.page, in: dir)
        let result = try Tools.shell("ux-split fixture.pdf | ux-text | ux-merge --format markdown", in: dir)
        #expect(result.text == """
            # Annual Summary

            The first paragraph has two lines of body text that belong together as one block.

            A second paragraph stands apart from it.


            """)
    }

    @Test func tsvHasTesseractsColumnsAndARowPerWord() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.page, in: dir)
        let result = try Tools.shell("ux-split fixture.pdf | ux-text | ux-merge --format tsv --unit px --dpi 300", in: dir)
        let rows = result.lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(rows.first?.joined(separator: ",") == "level,page_num,block_num,par_num,line_num,word_num,left,top,width,height,conf,text")
        #expect(rows.dropFirst().allSatisfy { $0.count == 12 })
        let words = rows.filter { $0.first == "5" }
        #expect(words.count == 2 + 8 + 7 + 7)
        #expect(words.first?.last == "Annual")
        // Two paragraphs of body text after the heading: blocks 1, 2, 3.
        #expect(Set(rows.filter { $0.first == "2" }.map { $0[2] }) == ["1", "2", "3"])
        #expect(words.first?[6] == "300")  // 72 pt at 300 dpi
    }

    @Test func hocrIsWellFormedWithWordBoxes() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.page, in: dir)
        let result = try Tools.shell("""
            ux-split fixture.pdf | ux-text | ux-merge --format hocr --unit px --dpi 300 > page.hocr &&
            python3 -c "
            import xml.etree.ElementTree as E
            t = E.parse('page.hocr')
            words = [e for e in t.iter() if e.get('class') == 'ocrx_word']
            print(len(words), words[0].text, words[0].get('title'))
            "
            """, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.hasPrefix("24 Annual bbox 300 "))
    }
}

extension FormatTests {
    @Test(arguments: [("--format json --furniture keep", "--furniture applies to --format markdown"),
                      ("--format chunks --furniture keep", "--furniture applies to --format markdown"),
                      ("--format csv --unit px", "--unit applies to --format json, tsv, hocr or chunks"),
                      ("--format text --unit px", "--unit applies to --format json, tsv, hocr or chunks"),
                      ("--format markdown --unit in", "--unit applies to --format json, tsv, hocr or chunks"),
                      ("--format jsonl-data --unit norm", "--unit applies to --format json, tsv, hocr or chunks"),
                      ("--unit in --dpi 300", "--dpi applies to --unit px"),
                      ("--format text --csv-formulas escape", "--csv-formulas applies to --format csv")])
    func anOptionTheFormatHasNoUseForIsRefused(_ options: String, _ message: String) throws {
        let result = try Tools.shell("ux-merge \(options) < /dev/null")
        #expect(result.status == 64, "\(options): \(result.stderr)")
        #expect(result.stderr.contains("error: \(message)"), "\(options): \(result.stderr)")
    }

    @Test(arguments: ["--format markdown --furniture keep", "--format tsv --unit px --dpi 300", "--format chunks --unit norm",
                      "--format hocr --unit in", "--format text --unit pt --furniture drop --dpi 72"])
    func anOptionTheFormatUsesIsTaken(_ options: String) throws {
        let result = try Tools.shell("ux-merge \(options) < /dev/null")
        #expect(result.status == 0, "\(options): \(result.stderr)")
    }
}
