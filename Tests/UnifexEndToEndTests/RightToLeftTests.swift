import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// Arabic, Hebrew and Persian pages: words and lines in reading order, as pdftotext reads the page,
/// in the records and in every format built on them.
@Suite(.needsCorpus) struct RightToLeftTests {
    static let hebrew = Tools.corpus.appendingPathComponent("text/pdfjs-issue11656-hebrew.pdf").path
    static let arabic = Tools.corpus.appendingPathComponent("text/pdfjs-ArabicCIDTrueType.pdf").path
    /// The document-structure yardstick beside the corpus: an Arabic page mixing in `R` and `Python`,
    /// an Arabic report, a Persian form.
    static let structure = (1...3).map {
        Tools.corpus.deletingLastPathComponent().appendingPathComponent("structure/pdfs/right_to_left_0\($0).pdf").path
    }

    /// pdftotext's lines of one page, without its bidi embedding marks and blank lines.
    static func pdftotext(_ pdf: String, page: Int) throws -> [String] {
        let result = try Tools.shell("pdftotext -f \(page) -l \(page) '\(pdf)' -")
        #expect(result.status == 0, "pdftotext: \(result.stderr)")
        let marks = Set("\u{202A}\u{202B}\u{202C}".unicodeScalars)
        return result.text.split(separator: "\n").map { line in
            String(String.UnicodeScalarView(line.unicodeScalars.filter { !marks.contains($0) && $0 != "\u{0C}" }))
        }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    static func texts(_ record: JSONObject, _ key: String) -> [String] {
        record[key]?.arrayValue?.compactMap { $0.objectValue?["text"]?.stringValue } ?? []
    }

    /// The runs of characters of one kind (right-to-left letters; left-to-right letters and digits) in order.
    static func runs(_ text: String, rightToLeft: Bool) -> [String] {
        var runs: [String] = [], current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let kind = LogicalOrder.direction(of: scalar)
            let member = rightToLeft ? kind == .rightToLeft
                : kind == .leftToRight || ("0"..."9").contains(scalar)
            if member { current.append(scalar) } else if !current.isEmpty { runs.append(String(current)); current = .init() }
        }
        if !current.isEmpty { runs.append(String(current)) }
        return runs
    }

    static func isPurelyRightToLeft(_ line: String) -> Bool {
        line.unicodeScalars.allSatisfy { [.rightToLeft, .neutral].contains(LogicalOrder.direction(of: $0)) }
    }

    static var documents: [String] {
        [hebrew, arabic] + structure.filter { FileManager.default.fileExists(atPath: $0) }
    }

    @Test(arguments: RightToLeftTests.documents)
    func wordsAndLinesReadAsPdftotextReadsThePage(_ pdf: String) throws {
        let result = try Tools.shell("ux-split '\(pdf)' | ux-text")
        #expect(result.status == 0, "\(result.stderr)")
        for record in result.records {
            let page = try #require(record["page"]?.intValue)
            let lines = Self.texts(record, "lines"), words = Self.texts(record, "words")
            let reference = try Self.pdftotext(pdf, page: page)
            try #require(lines.count == reference.count, "page \(page): \(lines.count) lines, pdftotext \(reference.count)")
            for (ours, theirs) in zip(lines, reference) {
                // The same words of each script in the same order; a line of one script alone is the same line.
                #expect(Self.runs(ours, rightToLeft: true) == Self.runs(theirs, rightToLeft: true), "\(ours) | \(theirs)")
                #expect(Self.runs(ours, rightToLeft: false) == Self.runs(theirs, rightToLeft: false), "\(ours) | \(theirs)")
                if Self.isPurelyRightToLeft(theirs) { #expect(ours == theirs) }
            }
            // Words come in the lines' order, spelled as in the lines.
            func letters(_ texts: [String]) -> [Unicode.Scalar] { texts.joined().unicodeScalars.filter { $0 != " " } }
            #expect(letters(words) == letters(lines))
        }
    }

    @Test func wordsAreSpelledInReadingOrderAndKeepTheirBoxes() throws {
        let result = try Tools.shell("ux-split '\(Self.hebrew)' | ux-text --chars")
        let record = try #require(result.records.first)
        let words = (record["words"]?.arrayValue ?? []).compactMap { TextSpan($0) }
        #expect(words.prefix(5).map(\.text) == ["שלום", "עולם", "מה", "שלום", "כולם?"])
        #expect(!words.contains { $0.text == "?םלוכ" })
        // Right to left: each word of the first line sits left of the one before it.
        for (a, b) in zip(words.prefix(5), words.prefix(5).dropFirst()) { #expect(b.box.x1 <= a.box.x0 + 0.5) }
        // Characters keep the page's order, left to right, and name their word where it now is.
        let chars = (record["chars"]?.arrayValue ?? []).compactMap(\.objectValue)
        #expect(!chars.isEmpty)
        for (index, word) in words.enumerated() {
            let own = chars.filter { $0["word"]?.intValue == index }
            let boxes = own.compactMap { Box($0["box"]) }
            #expect(boxes.map(\.x0) == boxes.map(\.x0).sorted(), "\(word.text)")
            let spelled = own.compactMap { $0["text"]?.stringValue }.joined()
            if Self.isPurelyRightToLeft(word.text) {
                #expect(String(spelled.unicodeScalars.reversed().map(Character.init)) == word.text)
            }
            if let union = boxes.dropFirst().reduce(boxes.first, { $0?.union($1) }) {
                #expect(union.overlapRatio(word.box) > 0.9, "\(word.text)")
            }
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: RightToLeftTests.structure[0]), "needs ../structure beside the corpus"))
    func arabicWithLatinWordsReadsInOrderInMarkdown() throws {
        let result = try Tools.shell("ux-split '\(Self.structure[0])' | ux-text | ux-merge --format markdown")
        #expect(result.status == 0, "\(result.stderr)")
        let markdown = result.text
        #expect(markdown.contains("البرمجة بلغة R وPython"))
        #expect(markdown.contains("تعتبر البرمجة بلغة R و Python"))
        #expect(!markdown.contains("ةغلب"))
    }

    @Test func hebrewMarkdownHOCRAndTSVReadFromTheRight() throws {
        let first = try #require(Self.pdftotext(Self.hebrew, page: 1).first)
        #expect(first == "שלום עולם מה שלום כולם?")
        let expected = first.split(separator: " ").map(String.init)
        let markdown = try Tools.shell("ux-split '\(Self.hebrew)' | ux-text | ux-merge --format markdown")
        #expect(markdown.text.contains(first))

        let hocr = try Tools.shell("ux-split '\(Self.hebrew)' | ux-text | ux-merge --format hocr").text
        let firstLine = try #require(hocr.split(separator: "\n").first { $0.contains("class='ocr_line'") })
        let hocrWords = firstLine.components(separatedBy: "class='ocrx_word'").dropFirst().compactMap { part in
            part.split(separator: ">", maxSplits: 1).last?.split(separator: "<").first.map(String.init)
        }
        #expect(hocrWords == expected)

        let tsv = try Tools.shell("ux-split '\(Self.hebrew)' | ux-text | ux-merge --format tsv").text
        let rows = tsv.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let lineWords = rows.filter { $0.count == 12 && $0[0] == "5" && $0[2] == "1" && $0[3] == "1" && $0[4] == "1" }
        #expect(lineWords.map { $0[11] } == expected)
        let lefts = lineWords.compactMap { Double($0[6]) }
        #expect(lefts == lefts.sorted(by: >), "right to left on the page")
    }

    @Test func grepFindsAPhraseInReadingOrderWithItsBox() throws {
        let dir = try Tools.scratch()
        let pages = try Tools.shell("ux-split '\(Self.hebrew)' | ux-text --chars > pages.ndjson", in: dir)
        #expect(pages.status == 0, "\(pages.stderr)")
        let result = try Tools.shell("ux-grep 'מה שלום' pages.ndjson", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let hit = try #require(result.records.first { $0["type"]?.stringValue == "hit" })
        let box = try #require(Box(hit["box"]))
        // The characters inside the box, read from the right, are the phrase.
        let record = try #require(try Tools.shell("cat pages.ndjson", in: dir).records.first)
        let inside = (record["chars"]?.arrayValue ?? []).compactMap(\.objectValue).filter { char in
            guard let b = Box(char["box"]) else { return false }
            return b.overlapRatio(box) > 0.5
        }
        let read = inside.sorted { (Box($0["box"])?.x0 ?? 0) > (Box($1["box"])?.x0 ?? 0) }
            .compactMap { $0["text"]?.stringValue }.joined()
        #expect(read == "מהשלום")
    }
}
