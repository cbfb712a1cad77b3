// The text layer: the text pdftotext prints, with word, line and character boxes from the same pass.
#include "poppler_private.h"

namespace {
bool nameHas(const std::string &name, std::initializer_list<const char *> parts) {
    for (const char *part : parts)
        if (name.find(part) != std::string::npos) return true;
    return false;
}

// Bold, italic and fixed pitch from the font descriptor's flags or, as many PDFs set none, from
// the font's name (`ABCDEF+Times-BoldItalic`, `CourierNewPSMT`, `LMMono10-Regular`).
int styleOf(const TextWord *word) {
    if (word->getLength() == 0) return 0;
    const TextFontInfo *info = word->getFontInfo(0);
    if (!info) return 0;
    const GooString *font = info->getFontName();
    std::string name = font ? font->toStr() : std::string();
    // TeX's fonts say it in their short names: CMBX10 and SFBX1000 bold, CMTI and CMSL italic or
    // slanted, CMTT typewriter (after the subset tag `ABCDEF+`).
    std::string base = name.substr(name.find('+') == std::string::npos ? 0 : name.find('+') + 1);
    auto texFont = [&](std::initializer_list<const char *> prefixes) {
        for (const char *prefix : prefixes)
            if (base.rfind(prefix, 0) == 0) return true;
        return false;
    };
    int style = 0;
    if (texFont({"CMBX", "SFBX", "CMB1", "CMB8", "CMB9", "CMSSBX", "SFSX"})) style |= UNIFEX_STYLE_BOLD;
    if (texFont({"CMTI", "SFTI", "CMSL", "SFSL", "CMBXTI", "SFBI", "CMBXSL"})) style |= UNIFEX_STYLE_ITALIC;
    if (texFont({"CMTT", "SFTT", "CMSLTT", "CMITT"})) style |= UNIFEX_STYLE_MONO;
    if (info->isBold() || nameHas(name, {"Bold", "bold", "BOLD", "Black", "Heavy", "Semibold", "SemiBold", "Demi", "-Medi"}))
        style |= UNIFEX_STYLE_BOLD;
    if (info->isItalic() || nameHas(name, {"Italic", "italic", "Oblique", "oblique", "Slanted"}))
        style |= UNIFEX_STYLE_ITALIC;
    if (info->isFixedWidth() || nameHas(name, {"Mono", "mono", "Courier", "courier", "Consolas", "Menlo", "Code", "Typewriter", "CMTT", "SFTT"}))
        style |= UNIFEX_STYLE_MONO;
    return style;
}
} // namespace

extern "C" {

unifex_page_text *unifex_pdf_page_text(unifex_pdf *doc, int page, long long deadline_ms, int with_chars) {
    Page *p = doc->doc->getPage(page);
    if (!p) return nullptr;
    double by = scaleOf(doc, p);
    std::string text;
    // The settings pdftotext uses by default: reading order, no physical layout.
    TextOutputDev output(appendText, &text, false, 0, false, false);
    if (!output.isOk()) return nullptr;
    output.setTextPageBreaks(false);
    Deadline deadline{deadline_ms};
    bool aborted = false;
    if (deadline_ms > 0) {
        doc->doc->displayPage(&output, page, 72, 72, 0, false, true, false, deadlinePassed, &deadline);
        aborted = deadlinePassed(&deadline);
    } else {
        doc->doc->displayPage(&output, page, 72, 72, 0, false, true, false);
    }

    auto *result = static_cast<unifex_page_text *>(calloc(1, sizeof(unifex_page_text)));
    result->aborted = aborted ? 1 : 0;
    result->text = copyString(text);
    result->text_length = text.size();

    std::string strings;
    std::vector<unifex_span> words, lines;
    std::vector<unifex_char> chars;
    // A page sets its words in a handful of fonts: each one's style is read from its name once.
    std::unordered_map<const TextFontInfo *, int> styles;
    auto styleOfWord = [&](const TextWord *word) {
        if (word->getLength() == 0) return 0;
        auto known = styles.find(word->getFontInfo(0));
        if (known != styles.end()) return known->second;
        int style = styleOf(word);
        styles.emplace(word->getFontInfo(0), style);
        return style;
    };
    // TextPage is reference-counted; takeText hands over one reference.
    TextPage *layout = output.takeText();
    for (const TextFlow *flow = layout ? layout->getFlows() : nullptr; flow; flow = flow->getNext()) {
        for (const TextBlock *block = flow->getBlocks(); block; block = block->getNext()) {
            for (const TextLine *line = block->getLines(); line; line = line->getNext()) {
                unifex_span lineSpan{};
                bool first = true;
                std::string lineText;
                for (const TextWord *word = line->getWords(); word; word = word->getNext()) {
                    std::unique_ptr<GooString> wordText(word->getText());
                    unifex_span w{};
                    word->getBBox(&w.x0, &w.y0, &w.x1, &w.y1);
                    w.text_offset = strings.size();
                    w.text_length = wordText->getLength();
                    w.line = (int)lines.size();
                    w.font_size = word->getFontSize();
                    w.style = styleOfWord(word);
                    strings.append(wordText->c_str(), wordText->getLength());
                    if (with_chars) {
                        for (int i = 0; i < word->getLength(); i++) {
                            unifex_char c{};
                            word->getCharBBox(i, &c.x0, &c.y0, &c.x1, &c.y1);
                            c.codepoint = *word->getChar(i);
                            const GooString *font = word->getFontName(i);
                            c.font_offset = strings.size();
                            c.font_length = font ? font->getLength() : 0;
                            if (font) strings.append(font->c_str(), font->getLength());
                            c.font_size = word->getFontSize();
                            c.word = (int)words.size();
                            chars.push_back(c);
                        }
                    }
                    words.push_back(w);
                    lineText.append(wordText->c_str(), wordText->getLength());
                    if (word->getSpaceAfter() && word->getNext()) lineText.push_back(' ');
                    if (first) {
                        lineSpan.x0 = w.x0; lineSpan.y0 = w.y0; lineSpan.x1 = w.x1; lineSpan.y1 = w.y1;
                        first = false;
                    } else {
                        lineSpan.x0 = std::min(lineSpan.x0, w.x0); lineSpan.y0 = std::min(lineSpan.y0, w.y0);
                        lineSpan.x1 = std::max(lineSpan.x1, w.x1); lineSpan.y1 = std::max(lineSpan.y1, w.y1);
                    }
                }
                if (first) continue;
                lineSpan.text_offset = strings.size();
                lineSpan.text_length = lineText.size();
                lineSpan.line = (int)lines.size();
                strings.append(lineText);
                lines.push_back(lineSpan);
            }
        }
    }
    if (layout) layout->decRefCnt();
    // Extracted at 72 dpi of user space, as pdftotext reads; boxes go out in real points.
    if (by != 1) {
        for (auto &w : words) scale(w, by);
        for (auto &l : lines) scale(l, by);
        for (auto &c : chars) {
            c.x0 *= by; c.y0 *= by; c.x1 *= by; c.y1 *= by;
            c.font_size *= by;
        }
    }
    result->strings = copyString(strings);
    result->word_count = (int)words.size();
    result->words = static_cast<unifex_span *>(malloc(sizeof(unifex_span) * (words.size() + 1)));
    if (!words.empty()) memcpy(result->words, words.data(), sizeof(unifex_span) * words.size());
    result->char_count = (int)chars.size();
    result->chars = static_cast<unifex_char *>(malloc(sizeof(unifex_char) * (chars.size() + 1)));
    if (!chars.empty()) memcpy(result->chars, chars.data(), sizeof(unifex_char) * chars.size());
    result->line_count = (int)lines.size();
    result->lines = static_cast<unifex_span *>(malloc(sizeof(unifex_span) * (lines.size() + 1)));
    if (!lines.empty()) memcpy(result->lines, lines.data(), sizeof(unifex_span) * lines.size());
    return result;
}

void unifex_page_text_free(unifex_page_text *text) {
    if (!text) return;
    free(text->text);
    free(text->strings);
    free(text->words);
    free(text->lines);
    free(text->chars);
    free(text);
}

} // extern "C"
