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

/// The characters the reading order sorts, each on a line of its own after digits and before
/// right-to-left letters ("12c" + "אב"), and the other way round: where the character goes in both tells
/// right to left, left to right or number, and neutral apart. Every line reads as pdftotext reads it, so
/// each character is sorted as poppler sorts it.
@Suite struct RightToLeftCharacterTests {
    static let probes: [Unicode.Scalar] = (0x21...0x7E).compactMap(Unicode.Scalar.init)
        + [0xA2, 0xA7, 0xB0, 0xB1, 0xB2, 0xB5, 0xBB, 0xD7, 0xE9, 0x2013, 0x201C, 0x2022, 0x2026, 0x2030, 0x20AC,
           0x2212, 0x200E, 0x200F, 0x060C, 0x061B, 0x061F, 0x0640, 0x064B, 0x0651, 0x0660, 0x066A, 0x066B,
           0x06F0, 0x06D4, 0x0670, 0x05B0, 0x05BE, 0x05F3, 0xFB1D, 0xFB2A, 0xFE8D, 0xFEFB, 0x0600, 0x0915,
           0x0966, 0x0E01, 0x4E00, 0x3002, 0xFF0C, 0xFF10, 0x2460, 0x00BD, 0x2074, 0x0301, 0x2192, 0x0710,
           0x0780, 0x07C0, 0x08A0, 0xE000, 0x1D400, 0x10900].compactMap(Unicode.Scalar.init)

    @Test func everyCharacterSortsAsInPdftotext() throws {
        let dir = try Tools.scratch()
        // Codes "A" and "B" are alef and bet, "1" and "2" the digits; the others the probes, from 0x02 up.
        var toUnicode: [UInt8: Unicode.Scalar] = [0x41: "\u{05D0}", 0x42: "\u{05D1}", 0x31: "1", 0x32: "2"]
        let codes = (2...255).map(UInt8.init).filter { toUnicode[$0] == nil }.prefix(Self.probes.count)
        try #require(codes.count == Self.probes.count)
        for (code, scalar) in zip(codes, Self.probes) { toUnicode[code] = scalar }
        var content = "", y = 5950
        for code in codes {
            for bytes in [Array("12".utf8) + [code] + Array("AB".utf8), Array("AB".utf8) + [code] + Array("12".utf8)] {
                content += "BT /F1 8 Tf 20 \(y) Td <\(bytes.map { String(format: "%02X", $0) }.joined())> Tj ET\n"
                y -= 12
            }
        }
        try RawPDF.write(content: content, to: dir.appendingPathComponent("probe.pdf"), mediaBox: "0 0 300 6000",
                         toUnicode: toUnicode)
        let result = try Tools.shell("ux-split probe.pdf | ux-text", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = RightToLeftTests.texts(try #require(result.records.first), "lines")
        let reference = try RightToLeftTests.pdftotext(dir.appendingPathComponent("probe.pdf").path, page: 1)
        #expect(lines.count == 2 * Self.probes.count)
        #expect(lines == reference)
        // The three kinds differ in the lines: "באc12", "בא12c", "12cבא".
        #expect(Set(lines.map { $0.hasPrefix("בא") ? ($0.hasSuffix("12") ? 0 : 1) : 2 }).count == 3)
    }
}
