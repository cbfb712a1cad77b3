import Foundation
import Testing
import UnifexCore
@testable import UnifexOCR
import UnifexPDF
import UnifexTestSupport

/// A left-to-right page is read in one pass, and must come out exactly as tesseract's result
/// iterator gives it: the same text (line breaks and paragraph ends), lines, words, boxes and
/// confidences.
@Suite struct RecognisedPageTests {
    func bothWays(_ pdf: String, page: Int, dpi: Double, languages: String = "eng") throws -> (OCRResult, OCRResult) {
        let document = try PDFTextDocument(path: pdf)
        let rendered = try document.render(page: page, dpi: dpi)
        let image = try PageImage(raster: rendered.raster, dpi: rendered.dpi)
        let engine = try OCREngine(languages: languages)
        let onePass = try engine.recognize(image)
        engine.readsInReadingOrder = true
        let inReadingOrder = try engine.recognize(image)
        return (onePass, inReadingOrder)
    }

    @Test func twoColumnsAndParagraphsReadAsTheResultIteratorReadsThem() throws {
        let dir = try Tools.scratch()
        var lines: [String] = []
        for (column, x) in [(0, 40), (1, 320)] {
            for row in 0..<12 {
                // Two paragraphs a column: a gap after the sixth line.
                let y = 60 + row * 22 + (row >= 6 ? 30 : 0)
                lines.append(#"{"x":\#(x),"y":\#(y),"size":12,"text":"column \#(column) line \#(row) reads plainly"}"#)
            }
        }
        let spec = #"{"pages":[{"width":612,"height":500,"image":true,"lines":[\#(lines.joined(separator: ","))]}]}"#
        let (pdf, _) = try Tools.fixture(spec, name: "columns.pdf", in: dir)
        let (onePass, inOrder) = try bothWays(pdf.path, page: 1, dpi: 200)
        #expect(onePass.text.words.count >= 100)
        #expect(onePass.text.text.contains("\n\n"), "paragraph ends: \(onePass.text.text)")
        #expect(onePass == inOrder)
    }

    @Test(.needsCorpus) func corpusPagesReadAsTheResultIteratorReadsThem() throws {
        for (file, page) in [("text/pdfjs-tracemonkey.pdf", 1), ("text/pdfplumber-scotus-transcript-p1.pdf", 1),
                             ("scanned/ocrmypdf-linn.pdf", 1)] {
            let (onePass, inOrder) = try bothWays(Tools.corpus.appendingPathComponent(file).path, page: page, dpi: 150)
            #expect(onePass.text.words.count >= 100, "\(file)")
            #expect(onePass == inOrder, "\(file)")
        }
    }

    @Test func aRightToLeftPageKeepsTesseractsReadingOrder() throws {
        let dir = try Tools.scratch()
        let spec = #"{"pages":[{"width":612,"height":300,"image":true,"lines":["#
            + #"{"x":60,"y":80,"size":24,"text":"مرحبا بالعالم هذا نص عربي"},"#
            + #"{"x":60,"y":140,"size":24,"text":"السلام عليكم ورحمة الله"}]}]}"#
        let (pdf, _) = try Tools.fixture(spec, name: "arabic.pdf", in: dir)
        let (onePass, inOrder) = try bothWays(pdf.path, page: 1, dpi: 300, languages: "ara")
        let words = onePass.text.words
        try #require(words.count >= 6, "\(words.map(\.text))")
        // Read right to left: the first word of the first line stands right of the second.
        #expect(words[0].box.x0 > words[1].box.x0, "\(words.map(\.text))")
        #expect(onePass == inOrder)
    }
}
