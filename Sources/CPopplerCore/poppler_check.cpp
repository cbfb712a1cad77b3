// Checks poppler does not make: zlib's verdict on a page's compressed content streams, and how
// much of the page images cover (for the mostly-image rule).
#include "poppler_private.h"

namespace {

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

} // extern "C"
