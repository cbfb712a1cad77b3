import CTesseract
import CTesseractPage
import Foundation

/// The lines and words tesseract recognised on a page, as its result iterator gives them: each
/// line's text with its line break (and a blank line ending a paragraph), boxes in pixels of the
/// image recognised, confidences 0-100.
struct RecognisedPage {
    struct Span {
        var text: String
        /// left, top, right, bottom
        var box: (Int32, Int32, Int32, Int32)?
        var confidence: Float
    }

    var lines: [Span] = []
    var words: [Span] = []

    /// Reads the page `api` has just recognised: in one pass when all its words run left to
    /// right, else (right-to-left or mixed scripts) through tesseract's result iterator, which
    /// alone knows their reading order; also a page of words written without spaces between
    /// them (Chinese, Japanese, Thai), which newer tesseracts join differently. Both give the
    /// same spans for left-to-right text.
    static func read(_ api: OpaquePointer) -> RecognisedPage {
        var page = unifex_ocr_page()
        if unifex_ocr_read_page(UnsafeMutableRawPointer(api), &page) == 0 {
            defer { unifex_ocr_page_free(&page) }
            return RecognisedPage(lines: spans(page.lines, page.line_count), words: spans(page.words, page.word_count))
        }
        return readInReadingOrder(api)
    }

    private static func spans(_ from: UnsafeMutablePointer<unifex_ocr_span>?, _ count: Int) -> [Span] {
        guard let from else { return [] }
        return (0..<count).map { i in
            let s = from[i]
            return Span(text: s.text.map { String(cString: $0) } ?? "",
                        box: s.has_box != 0 ? (s.left, s.top, s.right, s.bottom) : nil,
                        confidence: s.confidence)
        }
    }

    /// Through tesseract's result iterator, which puts right-to-left words in reading order
    /// (and walks from the start of the page at every word to do so).
    static func readInReadingOrder(_ api: OpaquePointer) -> RecognisedPage {
        var page = RecognisedPage()
        guard let iterator = TessBaseAPIGetIterator(api) else { return page }
        defer { TessResultIteratorDelete(iterator) }
        let pageIterator = TessResultIteratorGetPageIteratorConst(iterator)
        func box(_ level: TessPageIteratorLevel) -> (Int32, Int32, Int32, Int32)? {
            var left: Int32 = 0, top: Int32 = 0, right: Int32 = 0, bottom: Int32 = 0
            guard TessPageIteratorBoundingBox(pageIterator, level, &left, &top, &right, &bottom) != 0 else { return nil }
            return (left, top, right, bottom)
        }
        repeat {
            if TessPageIteratorIsAtBeginningOf(pageIterator, RIL_TEXTLINE) != 0,
               let raw = TessResultIteratorGetUTF8Text(iterator, RIL_TEXTLINE) {
                let text = String(cString: raw)
                TessDeleteText(raw)
                page.lines.append(Span(text: text, box: box(RIL_TEXTLINE),
                                       confidence: TessResultIteratorConfidence(iterator, RIL_TEXTLINE)))
            }
            guard let raw = TessResultIteratorGetUTF8Text(iterator, RIL_WORD) else { continue }
            let text = String(cString: raw)
            TessDeleteText(raw)
            page.words.append(Span(text: text, box: box(RIL_WORD), confidence: TessResultIteratorConfidence(iterator, RIL_WORD)))
        } while TessResultIteratorNext(iterator, RIL_WORD) != 0
        return page
    }
}
