// Opening documents, page geometry, metadata, poppler's messages, and the helpers the other
// files share (poppler_private.h).
#include "poppler_private.h"

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

} // namespace

namespace unifex_shim {

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

bool deadlinePassed(void *data) {
    return unifex_now_ms() >= static_cast<Deadline *>(data)->at;
}

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

char *copyString(const std::string &s) {
    char *out = static_cast<char *>(malloc(s.size() + 1));
    memcpy(out, s.data(), s.size());
    out[s.size()] = 0;
    return out;
}


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
} // namespace unifex_shim

extern "C" {

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
    auto reconstructed = [raw] { raw->reconstructed = true; };
    if (std::unique_ptr<GooFile> file = GooFile::open(path)) {
        Goffset size = file->size();
        result->file = std::make_unique<FileBlocks>(std::move(file));
        result->fileName = std::make_unique<GooString>(path);
        auto *stream = new CachedBlockStream(result->file.get(), result->fileName.get(), 0, false, size, Object(objNull));
        // The document owns the stream.
        result->doc = std::make_unique<PDFDoc>(stream, pw, pw, nullptr, reconstructed);
    } else {
        // Poppler opens it again to say why it cannot, as it always has.
        result->doc = std::make_unique<PDFDoc>(std::make_unique<GooString>(path), pw, pw, nullptr, reconstructed);
    }
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
                             double *user_unit, double *stated_rotate, int *rotate_note) {
    Page *p = doc->doc->getPage(page);
    if (!p) return -1;
    // Poppler brings an integer /Rotate into 0-359, ignores any other (90.0 included), and draws
    // an angle other than 90, 180 and 270 unrotated (its GfxState knows only quarter turns).
    int given = ((p->getRotate() % 360) + 360) % 360;
    int rotate = given % 90 == 0 ? given : 0;
    Object dict = doc->doc->getXRef()->fetch(p->getRef());
    Object stated = dict.isDict() ? dict.dictLookup("Rotate") : Object(objNull);
    *stated_rotate = stated.isInt() ? stated.getInt() : stated.isNum() ? stated.getNum() : given;
    *rotate_note = !stated.isNull() && !stated.isInt() ? UNIFEX_ROTATE_IGNORED
                 : given != rotate ? UNIFEX_ROTATE_NOT_QUARTER : UNIFEX_ROTATE_OK;
    bool sideways = rotate == 90 || rotate == 270;
    double unit = userUnit(doc, p), by = unit > 0 ? unit : 1;
    *width = (sideways ? p->getCropHeight() : p->getCropWidth()) * by;
    *height = (sideways ? p->getCropWidth() : p->getCropHeight()) * by;
    *rotation = rotate;
    *user_unit = unit;
    return 0;
}


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

