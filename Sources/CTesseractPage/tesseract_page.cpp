// Tesseract's ResultIterator puts words in reading order for right-to-left scripts, and to do
// so it walks from the start of the page to the current line at every step (its RestartRow),
// so reading a page through it costs time that grows with the square of its words: on a page
// of 2,100 words, 16% of the page's whole OCR time went to that walk (reading the page, and
// tesseract's own paragraph detection, which this file cannot spare). On a page whose
// words all run left to right its order is the plain left-to-right one, which the
// LTRResultIterator walks in a single pass; this file reads such pages that way, giving
// exactly the text, boxes and confidences the ResultIterator gives.
#include "tesseract_page.h"

#include <tesseract/baseapi.h>
#include <tesseract/ltrresultiterator.h>
#include <tesseract/resultiterator.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace {

using tesseract::LTRResultIterator;

struct Span {
    std::string text;
    bool has_box;
    int left, top, right, bottom;
    float confidence;
};

Span span(const LTRResultIterator &it, tesseract::PageIteratorLevel level, std::string text) {
    Span s{std::move(text), false, 0, 0, 0, 0, it.Confidence(level)};
    s.has_box = it.BoundingBox(level, &s.left, &s.top, &s.right, &s.bottom);
    return s;
}

// A word's text: its symbols' texts one after another, as the ResultIterator joins them for
// left-to-right words (both come from the same choice of characters).
std::string wordText(const LTRResultIterator &it) {
    std::unique_ptr<char[]> text(it.GetUTF8Text(tesseract::RIL_WORD));
    return text ? std::string(text.get()) : std::string();
}

// Whether a word's first character is of a script written without spaces between words (Han,
// kana, Thai and their punctuation): newer tesseracts' ResultIterator joins such words without
// a space, so a page holding them is left to it rather than guessed at here.
bool unspaced(const std::string &text) {
    if (text.empty() || static_cast<unsigned char>(text[0]) < 0x80) return false;
    unsigned char c = static_cast<unsigned char>(text[0]);
    int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (text.size() < static_cast<size_t>(length)) return false;
    char32_t point = c & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F);
    for (int i = 1; i < length; ++i) point = (point << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
    return (point >= 0x0E00 && point <= 0x0EFF) || (point >= 0x2E80 && point <= 0x9FFF) ||
           (point >= 0xF900 && point <= 0xFAFF) || (point >= 0xFE30 && point <= 0xFE4F) ||
           (point >= 0xFF00 && point <= 0xFFEF) || point >= 0x20000;
}

bool copySpans(const std::vector<Span> &from, unifex_ocr_span **to, size_t *count) {
    *count = 0;
    *to = static_cast<unifex_ocr_span *>(std::calloc(from.size() ? from.size() : 1, sizeof(unifex_ocr_span)));
    if (!*to) return false;
    for (const Span &s : from) {
        unifex_ocr_span &out = (*to)[*count];
        out.text = strdup(s.text.c_str());
        if (!out.text) return false;
        out.has_box = s.has_box;
        out.left = s.left; out.top = s.top; out.right = s.right; out.bottom = s.bottom;
        out.confidence = s.confidence;
        ++*count;
    }
    return true;
}

void freeSpans(unifex_ocr_span *spans, size_t count) {
    if (!spans) return;
    for (size_t i = 0; i < count; ++i) std::free(spans[i].text);
    std::free(spans);
}

}  // namespace

extern "C" int unifex_ocr_read_page(void *handle, unifex_ocr_page *page) {
    *page = unifex_ocr_page{};
    try {
        auto *api = static_cast<tesseract::TessBaseAPI *>(handle);
        std::unique_ptr<tesseract::ResultIterator> inOrder(api->GetIterator());
        if (!inOrder) return -1;
        // The same results walked strictly left to right, from the page's first word.
        std::unique_ptr<LTRResultIterator> it(new LTRResultIterator(*inOrder));
        it->Begin();
        std::vector<Span> lines, words;
        std::string line;
        std::unique_ptr<LTRResultIterator> lineStart;
        // Closes the line begun at lineStart: a line break, and a second one when the next
        // position begins a paragraph (or is no text at all, as an image block), as the
        // ResultIterator ends a paragraph's last line.
        auto endLine = [&](const LTRResultIterator &next, bool atEnd) {
            if (!lineStart) return;
            line += '\n';
            if (!atEnd && next.IsAtBeginningOf(tesseract::RIL_PARA)) line += '\n';
            lines.push_back(span(*lineStart, tesseract::RIL_TEXTLINE, line));
            lineStart.reset();
            line.clear();
        };
        do {
            if (it->Empty(tesseract::RIL_WORD)) {
                endLine(*it, false);
                continue;
            }
            tesseract::StrongScriptDirection direction = it->WordDirection();
            if (direction == tesseract::DIR_RIGHT_TO_LEFT || direction == tesseract::DIR_MIX) return 1;
            std::string text = wordText(*it);
            if (unspaced(text)) return 1;
            if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
                endLine(*it, false);
                lineStart.reset(new LTRResultIterator(*it));
            } else {
                line += ' ';
            }
            line += text;
            words.push_back(span(*it, tesseract::RIL_WORD, std::move(text)));
        } while (it->Next(tesseract::RIL_WORD));
        endLine(*it, true);
        if (!copySpans(lines, &page->lines, &page->line_count) || !copySpans(words, &page->words, &page->word_count)) {
            unifex_ocr_page_free(page);
            return -1;
        }
        return 0;
    } catch (const std::bad_alloc &) {
        unifex_ocr_page_free(page);
        return -1;
    }
}

extern "C" void unifex_ocr_page_free(unifex_ocr_page *page) {
    freeSpans(page->lines, page->line_count);
    freeSpans(page->words, page->word_count);
    *page = unifex_ocr_page{};
}
