// Checks poppler does not make: zlib's verdict on the compressed streams a page's text comes
// from, and how much of the page images cover (for the mostly-image rule).
#include "poppler_private.h"
#include "poppler_image_dev.h"

namespace {

// Sums the area images take on the page.
class ImageCoverageDev : public ImageVisitorDev {
public:
    double covered = 0;

protected:
    void image(GfxState *state, int, int, int) override {
        double x0, y0, x1, y1;
        if (!imageBox(state, x0, y0, x1, y1)) return;
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
    bool inputEnded = false, checksumSupplied = false, anyInput = false;
    unsigned char checksum[4];
    for (;;) {
        if (z.avail_in == 0) {
            int n = inputEnded ? 0 : input->doGetChars(sizeof in, in);
            if (n > 0) {
                z.next_in = in;
                z.avail_in = (uInt)n;
                anyInput = true;
            } else if (!anyInput) {
                // A stream of no bytes is empty content (what pikepdf writes for a blank page),
                // not a cut one: there is nothing to inflate and nothing lost.
                verdict = Verdict::sound;
                break;
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

// Walks what a page draws its text from: its content streams, the form XObjects it paints
// (their own resources too) and its fonts' ToUnicode maps, programs and Type 3 glyph procedures,
// and inflates each compressed stream with zlib. Images are left out: a scan's image can be tens
// of megabytes, which a text-layer read would pay on every page. A stream shared between pages
// (a font, a logo form) is judged once per open document.
class PageStreamCheck {
public:
    PageStreamCheck(unifex_pdf *doc, long long budget, long long deadline_ms)
        : doc(doc), xref(doc->doc->getXRef()), budget(budget), deadline_ms(deadline_ms) {}

    int object = 0, kind = UNIFEX_STREAM_CONTENT;
    std::string why;
    bool undecided = false;

    // False once a verdict ends the walk: a corrupt stream found, or the budget or time spent.
    bool stream(const Object &ref, int streamKind) {
        int num = ref.isRef() ? ref.getRef().num : 0;
        if (num > 0) {
            auto known = doc->checkedStreams.find(num);
            if (known != doc->checkedStreams.end()) {
                if (known->second.empty()) return true;
                return corrupt(num, streamKind, known->second);
            }
        }
        Object stream = ref.fetch(xref);
        if (!stream.isStream()) return true;
        Stream *flate = outermostFlate(stream.getStream());
        if (!flate || !flate->getNextStream()) return remember(num, "");
        std::string reason;
        switch (inflateChecked(flate->getNextStream(), budget, deadline_ms, reason)) {
        case Verdict::sound: return remember(num, "");
        case Verdict::corrupt: remember(num, reason); return corrupt(num, streamKind, reason);
        case Verdict::undecided: undecided = true; return false;
        }
        return false;
    }

    // The fonts and form XObjects of a resource dictionary, and theirs in turn.
    bool resources(const Object &ref, int depth) {
        if (depth > 8 || !firstVisit(ref)) {
            shortcuts++;
            return true;
        }
        Object dict = ref.fetch(xref);
        if (!dict.isDict()) return true;
        Object fonts = dict.dictLookup("Font");
        if (fonts.isDict()) {
            for (int i = 0; i < fonts.dictGetLength(); i++) {
                if (!font(fonts.dictGetValNF(i), depth)) return false;
            }
        }
        Object xobjects = dict.dictLookup("XObject");
        if (xobjects.isDict()) {
            for (int i = 0; i < xobjects.dictGetLength(); i++) {
                const Object &entry = xobjects.dictGetValNF(i);
                if (knownSound(entry)) continue;
                if (!firstVisit(entry)) continue;
                int before = shortcuts;
                Object x = entry.fetch(xref);
                if (x.isStream() && x.streamGetDict()->lookup("Subtype").isName("Form")) {
                    if (!stream(entry, UNIFEX_STREAM_FORM)) return false;
                    if (!resources(x.streamGetDict()->lookupNF("Resources").copy(), depth + 1)) return false;
                }
                rememberSound(entry, before);
            }
        }
        return true;
    }

private:
    unifex_pdf *doc;
    XRef *xref;
    long long budget, deadline_ms;
    std::unordered_set<int> visited;
    // Objects this walk passed over without judging them (seen already, or too deep): a font or
    // form whose walk passed over any is not remembered as sound, as its verdict was not all its own.
    int shortcuts = 0;

    bool font(const Object &ref, int depth) {
        if (knownSound(ref)) return true;
        if (!firstVisit(ref)) return true;
        int before = shortcuts;
        Object font = ref.fetch(xref);
        if (!font.isDict()) return rememberSound(ref, before);
        if (!stream(font.dictLookupNF("ToUnicode").copy(), UNIFEX_STREAM_TOUNICODE)) return false;
        if (!program(font)) return false;
        Object descendants = font.dictLookup("DescendantFonts");
        if (descendants.isArray() && descendants.arrayGetLength() > 0) {
            Object descendant = descendants.arrayGet(0);
            if (descendant.isDict() && !program(descendant)) return false;
        }
        Object procs = font.dictLookup("CharProcs");
        if (procs.isDict()) {
            for (int i = 0; i < procs.dictGetLength(); i++) {
                if (!stream(procs.dictGetValNF(i), UNIFEX_STREAM_GLYPHS)) return false;
            }
            if (!resources(font.dictLookupNF("Resources").copy(), depth + 1)) return false;
        }
        return rememberSound(ref, before);
    }

    // The embedded font program its descriptor names, if any.
    bool program(const Object &font) {
        Object descriptor = font.dictLookup("FontDescriptor");
        if (!descriptor.isDict()) return true;
        for (const char *key : {"FontFile", "FontFile2", "FontFile3"}) {
            if (!stream(descriptor.dictLookupNF(key).copy(), UNIFEX_STREAM_FONT)) return false;
        }
        return true;
    }

    // False for an indirect object this walk has seen: resources and forms can refer to each other.
    bool firstVisit(const Object &ref) {
        if (!ref.isRef()) return true;
        if (visited.insert(ref.getRef().num).second) return true;
        shortcuts++;
        return false;
    }

    // A font or XObject an earlier page's walk found sound all through.
    bool knownSound(const Object &ref) const {
        return ref.isRef() && doc->soundObjects.count(ref.getRef().num) > 0;
    }

    // Remembers a font or XObject judged sound when its walk judged everything under it itself
    // (`shortcuts` unchanged since `before`). True, to go on.
    bool rememberSound(const Object &ref, int before) {
        if (ref.isRef() && shortcuts == before) doc->soundObjects.insert(ref.getRef().num);
        return true;
    }

    bool remember(int num, const std::string &reason) {
        if (num > 0) doc->checkedStreams[num] = reason;
        return true;
    }

    bool corrupt(int num, int streamKind, const std::string &reason) {
        object = num;
        kind = streamKind;
        why = reason;
        return false;
    }
};

} // namespace

extern "C" {

char *unifex_pdf_check_content(unifex_pdf *doc, int page, long long max_output, long long deadline_ms,
                               int *object, int *kind, int *complete) {
    *object = 0;
    *kind = UNIFEX_STREAM_CONTENT;
    *complete = 0;
    Page *p = doc->doc->getPage(page);
    if (!p) return nullptr;
    XRef *xref = doc->doc->getXRef();
    Object dict = xref->fetch(p->getRef());
    if (!dict.isDict()) return nullptr;
    PageStreamCheck check(doc, max_output, deadline_ms);
    const Object &contents = dict.dictLookupNF("Contents");
    bool going = true;
    if (contents.isArray()) {
        for (int i = 0; going && i < contents.arrayGetLength(); i++) going = check.stream(contents.arrayGetNF(i), UNIFEX_STREAM_CONTENT);
    } else {
        going = check.stream(contents, UNIFEX_STREAM_CONTENT);
    }
    // The page's resources as poppler reads them: its own, or inherited from the page tree.
    if (going) {
        Dict *resources = p->getResourceDict();
        if (resources) {
            Object own = Object(resources->copy(xref));
            going = check.resources(own, 0);
        }
    }
    if (check.undecided) return nullptr;
    *complete = 1;
    if (check.why.empty()) return nullptr;
    *object = check.object;
    *kind = check.kind;
    return copyString(check.why);
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
