#include "poppler_core.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <DateInfo.h>
#include <Error.h>
#include <UTF.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <poppler-config.h>
#include <SplashOutputDev.h>
#include <splash/SplashBitmap.h>
#include <Page.h>
#include <GfxState.h>
#include <OutputDev.h>
#include <TextOutputDev.h>
#include <goo/GooString.h>
#include <zlib.h>

struct unifex_pdf {
    std::unique_ptr<PDFDoc> doc;
    bool reconstructed = false;
    // Made on the first render and kept: it holds the document's fonts.
    std::unique_ptr<SplashOutputDev> splash;
};

namespace {

struct WarningSink {
    int limit = 0;
    int dropped = 0;
    std::vector<std::string> messages;
};

thread_local WarningSink *currentSink = nullptr;

void onPopplerError(ErrorCategory, Goffset position, const char *message) {
    WarningSink *sink = currentSink;
    if (!sink) return;
    if ((int)sink->messages.size() >= sink->limit) {
        sink->dropped++;
        return;
    }
    std::string text = message ? message : "";
    // poppler writes control characters as <0a>-style escapes; some messages end in a newline.
    while (text.size() >= 4 && (text.compare(text.size() - 4, 4, "<0a>") == 0 ||
                                text.compare(text.size() - 4, 4, "<0d>") == 0))
        text.erase(text.size() - 4);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
    if (position >= 0) text += " (at byte " + std::to_string((long long)position) + ")";
    sink->messages.push_back(std::move(text));
}

// poppler's global parameters must exist before the first document; set them up once.
void initialise() {
    static std::once_flag once;
    std::call_once(once, [] {
        globalParams = std::make_unique<GlobalParams>();
        globalParams->setTextEncoding("UTF-8");
        setErrorCallback(onPopplerError);
    });
}

void appendText(void *stream, const char *text, int length) {
    static_cast<std::string *>(stream)->append(text, length);
}

struct Deadline {
    long long at;
};

bool deadlinePassed(void *data) {
    return unifex_now_ms() >= static_cast<Deadline *>(data)->at;
}

// Sums the area images take on the page; draws nothing. The base class reads past inline
// image data, so each override hands over to it after measuring.
class ImageCoverageDev : public OutputDev {
public:
    double covered = 0, pageWidth = 0, pageHeight = 0;

    bool upsideDown() override { return true; }
    bool useDrawChar() override { return false; }
    bool interpretType3Chars() override { return false; }
    bool needNonText() override { return true; }
    void startPage(int, GfxState *state, XRef *) override {
        pageWidth = state->getPageWidth();
        pageHeight = state->getPageHeight();
    }
    void drawImageMask(GfxState *state, Object *ref, Stream *str, int width, int height, bool invert, bool interpolate,
                       bool inlineImg) override {
        add(state);
        OutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inlineImg);
    }
    void drawImage(GfxState *state, Object *ref, Stream *str, int width, int height, GfxImageColorMap *colorMap,
                   bool interpolate, const int *maskColors, bool inlineImg) override {
        add(state);
        OutputDev::drawImage(state, ref, str, width, height, colorMap, interpolate, maskColors, inlineImg);
    }
    void drawMaskedImage(GfxState *state, Object *, Stream *, int, int, GfxImageColorMap *, bool, Stream *, int, int,
                         bool, bool) override {
        add(state);
    }
    void drawSoftMaskedImage(GfxState *state, Object *, Stream *, int, int, GfxImageColorMap *, bool, Stream *, int,
                             int, GfxImageColorMap *, bool) override {
        add(state);
    }

private:
    // An image fills the unit square of its transformation matrix: its corners on the page give
    // its box there.
    void add(GfxState *state) {
        const double *m = state->getCTM();
        double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
        for (int corner = 0; corner < 4; corner++) {
            double u = corner & 1, v = corner >> 1;
            double x = m[0] * u + m[2] * v + m[4], y = m[1] * u + m[3] * v + m[5];
            x0 = std::min(x0, x); x1 = std::max(x1, x);
            y0 = std::min(y0, y); y1 = std::max(y1, y);
        }
        x0 = std::max(x0, 0.0); y0 = std::max(y0, 0.0);
        x1 = std::min(x1, pageWidth); y1 = std::min(y1, pageHeight);
        if (x1 > x0 && y1 > y0) covered += (x1 - x0) * (y1 - y0);
    }
};

// /UserUnit (PDF 1.6) is the size of the page's user-space unit in 1/72 inch; poppler 22.12 ignores
// it. 1 when absent, 0 when it is not a positive number up to 75000 (the largest the PDF
// specification allows for).
double userUnit(unifex_pdf *doc, Page *p) {
    Object page = doc->doc->getXRef()->fetch(p->getRef());
    if (!page.isDict()) return 1;
    Object unit = page.dictLookup("UserUnit");
    if (unit.isNull()) return 1;
    if (!unit.isNum()) return 0;
    double u = unit.getNum();
    return u > 0 && u <= 75000 ? u : 0;
}

// The factor from user space to real points: an unusable /UserUnit counts as absent.
double scaleOf(unifex_pdf *doc, Page *p) {
    double u = userUnit(doc, p);
    return u > 0 ? u : 1;
}

void scale(unifex_span &s, double by) {
    s.x0 *= by; s.y0 *= by; s.x1 *= by; s.y1 *= by;
    s.font_size *= by;
}

// The outermost FlateDecode filter of a stream's filter chain, or null.
Stream *outermostFlate(Stream *stream) {
    for (int depth = 0; stream && depth < 16; depth++, stream = stream->getNextStream())
        if (stream->getKind() == strFlate) return stream;
    return nullptr;
}

enum class Verdict { sound, corrupt, undecided };

// Inflates what `input` gives with zlib, which verifies the Adler-32 checksum that ends the data
// (poppler's own decoder does not) and rejects what no deflate encoder writes. `budget` is the
// output bytes still allowed; running out of it or of time gives no verdict.
Verdict inflateChecked(Stream *input, long long &budget, long long deadline_ms, std::string &why) {
    z_stream z{};
    if (inflateInit(&z) != Z_OK) return Verdict::undecided;
    input->reset();
    static thread_local unsigned char in[16384], out[65536];
    Verdict verdict = Verdict::undecided;
    bool inputEnded = false, checksumSupplied = false;
    unsigned char checksum[4];
    for (;;) {
        if (z.avail_in == 0) {
            int n = inputEnded ? 0 : input->doGetChars(sizeof in, in);
            if (n > 0) {
                z.next_in = in;
                z.avail_in = (uInt)n;
            } else if (!checksumSupplied) {
                // Some writers leave the checksum out: the data is whole if the checksum of what
                // came out is all it lacks.
                inputEnded = checksumSupplied = true;
                uLong adler = z.adler;
                for (int i = 0; i < 4; i++) checksum[i] = (unsigned char)(adler >> (24 - 8 * i));
                z.next_in = checksum;
                z.avail_in = 4;
            } else {
                why = "unexpected end of data (the stream is truncated)";
                verdict = Verdict::corrupt;
                break;
            }
        }
        z.next_out = out;
        z.avail_out = sizeof out;
        int status = inflate(&z, Z_NO_FLUSH);
        budget -= (long long)(sizeof out - z.avail_out);
        if (status == Z_STREAM_END) {
            verdict = Verdict::sound;
            break;
        }
        if (status == Z_DATA_ERROR || status == Z_NEED_DICT) {
            // A checksum we supplied that does not match means the data itself ended early.
            why = checksumSupplied ? "unexpected end of data (the stream is truncated)"
                                   : (z.msg ? z.msg : "invalid data");
            verdict = Verdict::corrupt;
            break;
        }
        if (status != Z_OK && status != Z_BUF_ERROR) break;
        if (budget <= 0 || (deadline_ms > 0 && unifex_now_ms() >= deadline_ms)) break;
    }
    inflateEnd(&z);
    input->close();
    return verdict;
}

char *copyString(const std::string &s) {
    char *out = static_cast<char *>(malloc(s.size() + 1));
    memcpy(out, s.data(), s.size());
    out[s.size()] = 0;
    return out;
}

} // namespace

extern "C" {

char *unifex_pdf_check_content(unifex_pdf *doc, int page, long long max_output, long long deadline_ms,
                               int *object, int *complete) {
    *object = 0;
    *complete = 0;
    Page *p = doc->doc->getPage(page);
    if (!p) return nullptr;
    XRef *xref = doc->doc->getXRef();
    Object dict = xref->fetch(p->getRef());
    if (!dict.isDict()) return nullptr;
    const Object &contents = dict.dictLookupNF("Contents");
    std::vector<Object> parts;
    if (contents.isArray()) {
        for (int i = 0; i < contents.arrayGetLength(); i++) parts.push_back(contents.arrayGetNF(i).copy());
    } else {
        parts.push_back(contents.copy());
    }
    long long budget = max_output;
    for (Object &part : parts) {
        Object stream = part.fetch(xref);
        if (!stream.isStream()) continue;
        Stream *flate = outermostFlate(stream.getStream());
        if (!flate || !flate->getNextStream()) continue;
        std::string why;
        switch (inflateChecked(flate->getNextStream(), budget, deadline_ms, why)) {
        case Verdict::sound: break;
        case Verdict::corrupt:
            *object = part.isRef() ? part.getRef().num : 0;
            *complete = 1;
            return copyString(why);
        case Verdict::undecided: return nullptr;
        }
    }
    *complete = 1;
    return nullptr;
}

double unifex_pdf_image_coverage(unifex_pdf *doc, int page, long long deadline_ms) {
    if (!doc->doc->getPage(page)) return -1;
    ImageCoverageDev output;
    Deadline deadline{deadline_ms};
    if (deadline_ms > 0) {
        doc->doc->displayPage(&output, page, 72, 72, 0, false, true, false, deadlinePassed, &deadline);
        if (deadlinePassed(&deadline)) return -1;
    } else {
        doc->doc->displayPage(&output, page, 72, 72, 0, false, true, false);
    }
    double area = output.pageWidth * output.pageHeight;
    return area > 0 ? std::min(1.0, output.covered / area) : 0;
}

const char *unifex_poppler_version(void) {
    return POPPLER_VERSION;
}

long long unifex_now_ms(void) {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

void unifex_warnings_begin(int limit) {
    initialise();
    delete currentSink;
    currentSink = new WarningSink();
    currentSink->limit = limit;
}

int unifex_warnings_end(char ***messages, int *dropped) {
    WarningSink *sink = currentSink;
    currentSink = nullptr;
    if (!sink) {
        *messages = nullptr;
        *dropped = 0;
        return 0;
    }
    int count = (int)sink->messages.size();
    *messages = count ? static_cast<char **>(malloc(sizeof(char *) * count)) : nullptr;
    for (int i = 0; i < count; i++) (*messages)[i] = copyString(sink->messages[i]);
    *dropped = sink->dropped;
    delete sink;
    return count;
}

unifex_pdf *unifex_pdf_open(const char *path, const char *password, int *status) {
    initialise();
    auto result = std::make_unique<unifex_pdf>();
    std::optional<GooString> pw;
    if (password) pw = GooString(password);
    unifex_pdf *raw = result.get();
    result->doc = std::make_unique<PDFDoc>(std::make_unique<GooString>(path), pw, pw, nullptr,
                                           [raw] { raw->reconstructed = true; });
    if (!result->doc->isOk()) {
        switch (result->doc->getErrorCode()) {
        case errEncrypted: *status = UNIFEX_OPEN_ENCRYPTED; break;
        case errOpenFile: *status = UNIFEX_OPEN_FILE; break;
        default: *status = UNIFEX_OPEN_DAMAGED; break;
        }
        return nullptr;
    }
    *status = UNIFEX_OPEN_OK;
    return result.release();
}

void unifex_pdf_close(unifex_pdf *doc) { delete doc; }

int unifex_pdf_page_count(unifex_pdf *doc) { return doc->doc->getNumPages(); }

int unifex_pdf_reconstructed(unifex_pdf *doc) { return doc->reconstructed ? 1 : 0; }

int unifex_pdf_page_geometry(unifex_pdf *doc, int page, double *width, double *height, int *rotation,
                             double *user_unit) {
    Page *p = doc->doc->getPage(page);
    if (!p) return -1;
    int rotate = ((p->getRotate() % 360) + 360) % 360;
    bool sideways = rotate == 90 || rotate == 270;
    double unit = userUnit(doc, p), by = unit > 0 ? unit : 1;
    *width = (sideways ? p->getCropHeight() : p->getCropWidth()) * by;
    *height = (sideways ? p->getCropWidth() : p->getCropHeight()) * by;
    *rotation = rotate;
    *user_unit = unit;
    return 0;
}

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

unsigned char *unifex_pdf_render_gray(unifex_pdf *doc, int page, double dpi, long long deadline_ms,
                                      int *width, int *height, int *aborted) {
    *aborted = 0;
    Page *p = doc->doc->getPage(page);
    if (!p) return nullptr;
    // dpi is per real inch; poppler's resolution is per inch of user space.
    double resolution = dpi * scaleOf(doc, p);
    if (!doc->splash) {
        SplashColor white;
        white[0] = 0xff;
        // The settings pdftoppm -gray uses: anti-aliased text and vectors on white.
        doc->splash = std::make_unique<SplashOutputDev>(splashModeMono8, 1, false, white, true);
        doc->splash->setFontAntialias(true);
        doc->splash->setVectorAntialias(true);
        doc->splash->startDoc(doc->doc.get());
    }
    Deadline deadline{deadline_ms};
    if (deadline_ms > 0) {
        doc->doc->displayPage(doc->splash.get(), page, resolution, resolution, 0, false, true, false, deadlinePassed,
                              &deadline);
        if (deadlinePassed(&deadline)) *aborted = 1;
    } else {
        doc->doc->displayPage(doc->splash.get(), page, resolution, resolution, 0, false, true, false);
    }
    SplashBitmap *bitmap = doc->splash->getBitmap();
    if (!bitmap || bitmap->getMode() != splashModeMono8) return nullptr;
    int w = bitmap->getWidth(), h = bitmap->getHeight(), row = bitmap->getRowSize();
    if (w <= 0 || h <= 0) return nullptr;
    auto *pixels = static_cast<unsigned char *>(malloc((size_t)w * (size_t)h));
    if (!pixels) return nullptr;
    const unsigned char *data = bitmap->getDataPtr();
    for (int y = 0; y < h; y++) memcpy(pixels + (size_t)y * w, data + (size_t)y * row, w);
    *width = w;
    *height = h;
    return pixels;
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

namespace {
void appendUtf8(std::string &out, Unicode u) {
    if (u < 0x80) {
        out.push_back((char)u);
    } else if (u < 0x800) {
        out.push_back((char)(0xC0 | (u >> 6)));
        out.push_back((char)(0x80 | (u & 0x3F)));
    } else if (u < 0x10000) {
        out.push_back((char)(0xE0 | (u >> 12)));
        out.push_back((char)(0x80 | ((u >> 6) & 0x3F)));
        out.push_back((char)(0x80 | (u & 0x3F)));
    } else if (u < 0x110000) {
        out.push_back((char)(0xF0 | (u >> 18)));
        out.push_back((char)(0x80 | ((u >> 12) & 0x3F)));
        out.push_back((char)(0x80 | ((u >> 6) & 0x3F)));
        out.push_back((char)(0x80 | (u & 0x3F)));
    }
}
} // namespace

char *unifex_pdf_info(unifex_pdf *doc, const char *key) {
    std::unique_ptr<GooString> raw = doc->doc->getDocInfoStringEntry(key);
    if (!raw) return nullptr;
    bool isDate = strcmp(key, "CreationDate") == 0 || strcmp(key, "ModDate") == 0;
    if (isDate) {
        int y, mo, d, h, mi, s, tzh, tzm;
        char tz;
        if (parseDateString(raw.get(), &y, &mo, &d, &h, &mi, &s, &tz, &tzh, &tzm)) {
            char buffer[40];
            if (tz == '+' || tz == '-')
                snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, d, h, mi, s, tz, tzh, tzm);
            else if (tz == 'Z')
                snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
            else
                snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
            return copyString(buffer);
        }
    }
    // Text strings are UTF-16 with a byte-order mark or PDFDocEncoding.
    Unicode *ucs4 = nullptr;
    int length = TextStringToUCS4(raw->toStr(), &ucs4);
    std::string utf8;
    for (int i = 0; i < length; i++) {
        if (ucs4[i] != 0) appendUtf8(utf8, ucs4[i]);
    }
    gfree(ucs4);
    return copyString(utf8);
}

} // extern "C"
