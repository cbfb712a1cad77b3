import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// Document structure as ux-layout reads it and ux-merge writes it, on generated documents whose
/// structure is known, and on corpus papers.
@Suite struct StructureTests {
    /// Two pages: a running header and a page number on each; a title across two columns; numbered
    /// headings two deep; a bullet list with a nested item and a numbered list; a word broken at a
    /// line's end, a hyphenated compound and a hanging hyphen; a code block; a caption; a footnote.
    static let paper = #"""
{"pages":[
{"lines":[
 {"x":72,"y":40,"size":8,"text":"Journal of Examples, Volume 3"},
 {"x":72,"y":100,"size":22,"text":"A Study of Document Structure","style":"bold"},
 {"x":72,"y":126,"size":11,"text":"Ann Author and Bob Writer"},
 {"x":72,"y":170,"size":12,"text":"1 Introduction","style":"bold"},
 {"x":72,"y":190,"size":10,"text":"Documents have a structure that a"},
 {"x":72,"y":202,"size":10,"text":"reader sees at once: headings, lists"},
 {"x":72,"y":214,"size":10,"text":"and captions. This is one exam-"},
 {"x":72,"y":226,"size":10,"text":"ple of a state-of-the-art layout."},
 {"x":72,"y":252,"size":10.5,"text":"1.1 Background","style":"bold"},
 {"x":72,"y":272,"size":10,"text":"Readers expect these items:"},
 {"x":72,"y":290,"size":10,"text":"•"},{"x":84,"y":290,"size":10,"text":"The first item of the list"},
 {"x":72,"y":304,"size":10,"text":"•"},{"x":84,"y":304,"size":10,"text":"The second item, which runs"},
 {"x":84,"y":316,"size":10,"text":"over two lines"},
 {"x":90,"y":330,"size":10,"text":"◦"},{"x":102,"y":330,"size":10,"text":"A nested item"},
 {"x":72,"y":344,"size":10,"text":"•"},{"x":84,"y":344,"size":10,"text":"The third item"},
 {"x":72,"y":370,"size":10,"text":"The list ends here and the text"},
 {"x":72,"y":382,"size":10,"text":"goes on in this column until the"},
 {"x":72,"y":394,"size":10,"text":"bottom of the page is reached."},
 {"x":320,"y":170,"size":12,"text":"2 Methods","style":"bold"},
 {"x":320,"y":190,"size":10,"text":"We did three things, in order:"},
 {"x":320,"y":208,"size":10,"text":"1."},{"x":334,"y":208,"size":10,"text":"Collect the documents"},
 {"x":320,"y":222,"size":10,"text":"2."},{"x":334,"y":222,"size":10,"text":"Read their pages"},
 {"x":320,"y":236,"size":10,"text":"3."},{"x":334,"y":236,"size":10,"text":"Count the light- and heavy-"},
 {"x":334,"y":248,"size":10,"text":"duty blocks"},
 {"x":320,"y":274,"size":10,"text":"The program is short:"},
 {"x":320,"y":292,"size":9,"text":"let pages = split(file)","style":"mono"},
 {"x":320,"y":303,"size":9,"text":"for page in pages { read(page) }","style":"mono"},
 {"x":320,"y":330,"size":9,"text":"Figure 1: The pages of a document."},
 {"x":320,"y":356,"size":10,"text":"Each page is read on its own, and"},
 {"x":320,"y":368,"size":10,"text":"the results are put together again."},
 {"x":320,"y":700,"size":8,"text":"1 A note at the foot of the page."},
 {"x":300,"y":760,"size":8,"text":"1"}
]},
{"lines":[
 {"x":72,"y":40,"size":8,"text":"Journal of Examples, Volume 3"},
 {"x":72,"y":100,"size":12,"text":"3 Results","style":"bold"},
 {"x":72,"y":120,"size":10,"text":"The results fill the whole width of this page, which has one"},
 {"x":72,"y":132,"size":10,"text":"column only, and they end with a full stop."},
 {"x":72,"y":158,"size":10.5,"text":"3.1 Details","style":"bold"},
 {"x":72,"y":178,"size":10,"text":"A last paragraph closes the document."},
 {"x":72,"y":210,"size":10.5,"text":"Limits","style":"bold"},
 {"x":72,"y":230,"size":10,"text":"What was not looked at is said here."},
 {"x":72,"y":262,"size":12,"text":"Acknowledgments","style":"bold"},
 {"x":72,"y":282,"size":10,"text":"We thank the readers."},
 {"x":300,"y":760,"size":8,"text":"2"}
]}]}
"""#

    static let paperMarkdown = """
# A Study of Document Structure

Ann Author and Bob Writer

## 1 Introduction

Documents have a structure that a reader sees at once: headings, lists and captions. This is one example of a state-of-the-art layout.

### 1.1 Background

Readers expect these items:

- The first item of the list
- The second item, which runs over two lines
  - A nested item
- The third item

The list ends here and the text goes on in this column until the bottom of the page is reached.

## 2 Methods

We did three things, in order:

1. Collect the documents
2. Read their pages
3. Count the light- and heavy-duty blocks

The program is short:

```
let pages = split(file)
for page in pages { read(page) }
```

Figure 1: The pages of a document.

Each page is read on its own, and the results are put together again.

1 A note at the foot of the page.

## 3 Results

The results fill the whole width of this page, which has one column only, and they end with a full stop.

### 3.1 Details

A last paragraph closes the document.

### Limits

What was not looked at is said here.

## Acknowledgments

We thank the readers.

"""

    @Test func aGeneratedPaperReadsAsItsStructure() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Fixture.make(Self.paper, name: "paper.pdf", in: dir)
        let markdown = try Tools.shell("ux-split paper.pdf | ux-text | ux-table | ux-layout | ux-merge --format markdown", in: dir)
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.text == Self.paperMarkdown + "\n", "\(markdown.text)")

        let records = try Tools.shell("ux-split paper.pdf | ux-text | ux-layout", in: dir).records
        let kinds = records.map { ($0["blocks"]?.arrayValue ?? []).compactMap { $0.objectValue?["kind"]?.stringValue } }
        #expect(kinds.first == ["page_header", "title", "paragraph", "heading", "paragraph", "heading", "paragraph",
                                "list_item", "list_item", "list_item", "list_item", "paragraph", "heading", "paragraph",
                                "list_item", "list_item", "list_item", "paragraph", "code", "caption", "paragraph",
                                "footnote", "page_footer"])
        #expect(kinds.last == ["page_header", "heading", "paragraph", "heading", "paragraph", "heading", "paragraph", "heading",
                               "paragraph", "page_footer"])
        // Every line of the page is in a block: nothing read is left out.
        for record in records {
            let lines = record["lines"]?.arrayValue?.count ?? 0
            let used = Set((record["blocks"]?.arrayValue ?? []).flatMap { $0.objectValue?["lines"]?.arrayValue?.compactMap(\.intValue) ?? [] })
            #expect(used == Set(0..<lines), "page \(record["page"]?.intValue ?? 0)")
        }
        let nested = records.first?["blocks"]?.arrayValue?.compactMap(\.objectValue).first { $0["text"]?.stringValue == "A nested item" }
        #expect(nested?["marker"]?.stringValue == "◦" && nested?["depth"]?.intValue == 1)
        let heading = records.first?["blocks"]?.arrayValue?.compactMap(\.objectValue).first { $0["text"]?.stringValue == "1.1 Background" }
        #expect(heading?["level"]?.intValue == 2)

        // ux-grep names the block a hit is in.
        let hits = try Tools.shell("ux-split paper.pdf | ux-text | ux-layout | ux-grep -E 'Background|nested item|foot of'", in: dir).records
        #expect(hits.map { $0["block"]?.objectValue?["kind"]?.stringValue } == ["heading", "list_item", "footnote"], "\(hits)")
        // --furniture keep puts the running header and the page numbers back.
        let kept = try Tools.shell("ux-split paper.pdf | ux-text | ux-layout | ux-merge --format markdown --furniture keep", in: dir)
        #expect(kept.text.components(separatedBy: "Journal of Examples, Volume 3").count == 3, "\(kept.text)")
        #expect(kept.text.hasSuffix("We thank the readers.\n\n2\n\n"), "\(kept.text)")
    }

    @Test func theSamePaperScannedReadsInTheSameOrderWithItsHeadingsAndLists() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Fixture.make(Self.paper.replacingOccurrences(of: #"{"lines":["#, with: #"{"image":true,"lines":["#),
                             name: "scan.pdf", in: dir)
        let result = try Tools.shell("ux-split scan.pdf | ux-text | ux-ocr | ux-table | ux-layout | ux-merge --format markdown", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let markdown = result.text
        for heading in ["## 1 Introduction", "## 2 Methods", "## 3 Results", "### 3.1 Details"] {
            #expect(markdown.contains("\n" + heading + "\n"), "\(heading): \(markdown)")
        }
        #expect(markdown.contains("\n- The first item of the list\n"), "\(markdown)")
        #expect(markdown.contains("\n1. Collect the documents\n2. Read their pages\n"), "\(markdown)")
        // The left column, then the right one.
        let order = ["Documents have a structure", "The list ends here", "2 Methods", "Each page is read", "3 Results"]
            .map { markdown.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && zip(order, order.dropFirst()).allSatisfy { $0! < $1! }, "\(markdown)")
        #expect(!markdown.contains("Journal of Examples"), "\(markdown)")
    }

    @Test(.needsCorpus) func aTwoColumnPaperReadsColumnByColumnWithItsSections() throws {
        let paper = Tools.corpus.appendingPathComponent("text/pdfjs-tracemonkey.pdf").path
        let result = try Tools.shell("ux-split '\(paper)' | ux-text | ux-table | ux-layout | ux-merge --format markdown")
        #expect(result.status == 0, "\(result.stderr)")
        let markdown = result.text
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("#") }.map(String.init)
        for heading in ["# Trace-based Just-in-Time Type Specialization for Dynamic Languages", "## 1. Introduction",
                        "### 3.1 Traces", "### 4.2 Blacklisting with Nesting", "## 10. Future Work"] {
            #expect(headings.contains(heading), "\(heading): \(headings)")
        }
        // A chart's labels or a table's cells are no headings: every heading is mostly letters.
        for heading in headings {
            let text = heading.drop { $0 == "#" || $0 == " " }
            #expect(2 * text.filter(\.isLetter).count >= text.filter { !$0.isWhitespace }.count, "\(heading)")
        }
        // Page 1: the abstract in the left column, then the right column's first paragraph.
        let order = ["Abstract", "Dynamic languages such as JavaScript are more difficult", "1. Introduction",
                     "and is used for the application logic"].map { markdown.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && zip(order, order.dropFirst()).allSatisfy { $0! < $1! })
    }

    /// A running header in the body's own size, which no page alone tells from text, and a paragraph
    /// cut by a page break.
    static let report = #"""
{"pages": [{"lines": [{"x": 72, "y": 50, "size": 10, "text": "Annual Report of the Example Society"}, {"x": 72, "y": 100, "size": 10, "text": "The first page has a paragraph of its own."}, {"x": 72, "y": 126, "size": 10, "text": "Then a paragraph that is cut by the"}, {"x": 72, "y": 138, "size": 10, "text": "end of the page, and it goes"}]}, {"lines": [{"x": 72, "y": 50, "size": 10, "text": "Annual Report of the Example Society"}, {"x": 72, "y": 100, "size": 10, "text": "on at the top of the next page and"}, {"x": 72, "y": 112, "size": 10, "text": "ends there."}, {"x": 72, "y": 138, "size": 10, "text": "A second paragraph on this page."}]}, {"lines": [{"x": 72, "y": 50, "size": 10, "text": "Annual Report of the Example Society"}, {"x": 72, "y": 100, "size": 10, "text": "The last page closes the report."}]}]}
"""#

    @Test func whatRepeatsOnEveryPageIsAHeaderAndAParagraphGoesOnAcrossPages() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Fixture.make(Self.report, name: "report.pdf", in: dir)
        let markdown = try Tools.shell("ux-split report.pdf | ux-text | ux-layout | ux-merge --format markdown", in: dir)
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.text == """
            The first page has a paragraph of its own.

            Then a paragraph that is cut by the end of the page, and it goes on at the top of the next page and ends there.

            A second paragraph on this page.

            The last page closes the report.


            """, "\(markdown.text)")
        // Not left out when the document shows it only once: a one-page selection keeps it.
        let one = try Tools.shell("ux-split --pages 2 report.pdf | ux-text | ux-layout | ux-merge --format markdown", in: dir)
        #expect(one.text.hasPrefix("Annual Report of the Example Society\n\n"), "\(one.text)")
        let kept = try Tools.shell("ux-split report.pdf | ux-text | ux-layout | ux-merge --format markdown --furniture keep", in: dir)
        #expect(kept.text.components(separatedBy: "Annual Report of the Example Society").count == 4, "\(kept.text)")
    }

    @Test func pagesWithoutLinesAndFailedPagesPassThrough() throws {
        let input = [
            #"{"v":1,"type":"page","doc":"a.pdf","page":1,"page_count":2,"selected":2,"status":"ok","width":612,"height":792,"text":"","words":[],"lines":[]}"#,
            #"{"v":1,"type":"page","doc":"a.pdf","page":2,"page_count":2,"selected":2,"status":"error","error":{"stage":"text","code":"damaged","message":"x"}}"#,
        ].joined(separator: "\n") + "\n"
        let result = try Tools.shell("ux-layout", stdin: Data(input.utf8))
        // 1: some records failed (the error record, passed on as it came).
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.records.count == 2)
        #expect(result.records.first?["blocks"]?.arrayValue?.isEmpty == true)
        #expect(result.records.last?["blocks"] == nil)
        #expect(result.records.last?["status"]?.stringValue == "error")
    }

    @Test func hostileLinesDrawWhatTheyCanAndNeverCrash() throws {
        var lines: [String] = []
        for (i, box) in ["[1e300,-1e300,1e300,1e300]", "[0,0,0,0]", "[5,5,1,1]", "[null,1,2,3]", "[-1e308,10,1e308,20]",
                         "[72,100,300,112]", "[72,114,300,126]"].enumerated() {
            lines.append(#"{"text":"line \#(i) <script>","box":\#(box),"font":{"size":1e400}}"#)
        }
        // Many lines on one row and in one column: the stage keeps its pace.
        for i in 0..<3000 { lines.append(#"{"text":"w\#(i)","box":[\#(Double(i % 60) * 9),\#(Double(i / 60) * 12),\#(Double(i % 60) * 9 + 8),\#(Double(i / 60) * 12 + 10)]}"#) }
        // Outline entries and images no file would give: huge and negative levels and heights, boxes
        // that are not boxes, and many of each.
        let outline = (0..<300).map { #"{"title":"line \#($0 % 7) <script>","level":\#($0 % 3 == 0 ? "1e300" : $0 % 3 == 1 ? "-3" : "4"),"top":\#($0 % 3 == 0 ? "1e400" : "-1")}"# }
            + [#"{"title":"","level":2}"#, #"{"level":1}"#, #""x""#]
        let images = (0..<2000).map { #"{"box":[\#($0 % 40 * 9),\#($0 / 40 * 9),\#($0 % 40 * 9 + 8),\#($0 / 40 * 9 + 8)]}"# }
            + [#"{"box":[1e300,-1e300,1e300,1e300]}"#, #"{"box":[5,5,1,1]}"#, #"{"box":"x"}"#, #"[]"#]
        let record = #"{"v":1,"type":"page","doc":"h.pdf","page":1,"status":"ok","width":1e400,"height":-5,"text":"x","lines":[\#(lines.joined(separator: ","))],"tables":[{"box":[0,0,1e300,1e300],"rows":1,"cols":1,"cells":[]}],"outline":[\#(outline.joined(separator: ","))],"images":[\#(images.joined(separator: ","))]}"#
        let started = Date()
        let result = try Tools.shell("ux-layout", stdin: Data((record + "\n").utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
        let blocks = result.records.first?["blocks"]?.arrayValue ?? []
        #expect(!blocks.isEmpty)
        let markdown = try Tools.shell("ux-layout | ux-merge --format markdown", stdin: Data((record + "\n").utf8))
        #expect(markdown.status == 0, "\(markdown.stderr)")
    }
}
