#ifndef UNIFEX_POPPLER_CORE_H
#define UNIFEX_POPPLER_CORE_H
/* A small C interface over poppler's core (PDFDoc, TextOutputDev).
   poppler-glib's text comes from its selection code, which drops line breaks and spaces and
   reverses right-to-left text; the core TextOutputDev is the text pdftotext prints, and gives
   word boxes from the same pass. Handles are not thread-safe: one document per thread. */
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef struct unifex_pdf unifex_pdf;

enum unifex_open_status {
    UNIFEX_OPEN_OK = 0,
    UNIFEX_OPEN_ENCRYPTED = 1, /* a password is needed, or the one given is wrong */
    UNIFEX_OPEN_DAMAGED = 2,   /* poppler could not make sense of the file */
    UNIFEX_OPEN_FILE = 3,      /* the file could not be opened */
};

typedef struct {
    double x0, y0, x1, y1;
    size_t text_offset, text_length; /* into unifex_page_text.strings */
    int line;                        /* index into lines (words only) */
    double font_size;                /* words only */
    int style;                       /* words only: UNIFEX_STYLE_* of the word's first character's font */
} unifex_span;

/* A word's font, from its descriptor flags and its name (many PDFs set no flags). */
enum unifex_style {
    UNIFEX_STYLE_BOLD = 1,
    UNIFEX_STYLE_ITALIC = 2,
    UNIFEX_STYLE_MONO = 4,
};

typedef struct {
    double x0, y0, x1, y1;
    unsigned int codepoint;
    size_t font_offset, font_length;  /* font name, into unifex_page_text.strings */
    double font_size;
    int word;                         /* index into words */
} unifex_char;

typedef struct {
    char *text;          /* the page text as pdftotext prints it, UTF-8, no form feed */
    size_t text_length;
    char *strings;       /* word and line texts, back to back */
    unifex_span *words;
    int word_count;
    unifex_span *lines;
    int line_count;
    unifex_char *chars;  /* only when asked for */
    int char_count;
    int aborted;         /* the deadline passed before the page was done: text is incomplete */
} unifex_page_text;

/* Collects poppler's damage reports made on the calling thread until unifex_warnings_end.
   At most `limit` messages are kept; the rest are counted. */
void unifex_warnings_begin(int limit);
/* Returns the number of messages kept; each is copied into messages[i] (free with free()). */
int unifex_warnings_end(char ***messages, int *dropped);

unifex_pdf *unifex_pdf_open(const char *path, const char *password, int *status);
void unifex_pdf_close(unifex_pdf *doc);
int unifex_pdf_page_count(unifex_pdf *doc);
/* True when poppler had to rebuild the cross-reference table (damaged or truncated file). */
int unifex_pdf_reconstructed(unifex_pdf *doc);
/* Crop box size in points as displayed (/Rotate applied, times the page's /UserUnit) and the
   /Rotate as displayed: 0, 90, 180 or 270 (poppler draws any other angle unrotated). *user_unit is
   the /UserUnit (1 when absent), 0 when it is not a usable number (then 1 is applied);
   *stated_rotate the /Rotate as the page's dictionary writes it (else as inherited), and
   *rotate_note whether it was displayed otherwise (UNIFEX_ROTATE_*). 0 on success. */
enum { UNIFEX_ROTATE_OK = 0, UNIFEX_ROTATE_NOT_QUARTER = 1, UNIFEX_ROTATE_IGNORED = 2 };
int unifex_pdf_page_geometry(unifex_pdf *doc, int page, double *width, double *height, int *rotation,
                             double *user_unit, double *stated_rotate, int *rotate_note);
/* Extracts a page's text layer; stops early once `deadline_ms` (monotonic clock, 0 = none) passes.
   Boxes and font sizes are in points as displayed, /UserUnit applied like the geometry's. */
unifex_page_text *unifex_pdf_page_text(unifex_pdf *doc, int page, long long deadline_ms, int with_chars);
/* A document information entry ("Title", "Author", "CreationDate"…) as UTF-8; dates become
   ISO 8601. NULL when absent. Free with free(). */
char *unifex_pdf_info(unifex_pdf *doc, const char *key);
void unifex_page_text_free(unifex_page_text *text);
/* Renders a page (crop box, /Rotate applied) to 8-bit grey at `dpi` per inch as displayed
   (/UserUnit applied) with poppler's Splash
   renderer, the pixels pdftoppm -gray makes: width bytes per row, top row first. Returns a
   malloc'd buffer (free with free()) or NULL; *aborted is set when the deadline passed. */
unsigned char *unifex_pdf_render_gray(unifex_pdf *doc, int page, double dpi, long long deadline_ms,
                                      int *width, int *height, int *aborted);
/* The share of the page (0-1) that images cover, as drawn: the sum of each image's area on the
   page, clipped to the page, capped at 1. -1 when the page cannot be read or the deadline passed. */
double unifex_pdf_image_coverage(unifex_pdf *doc, int page, long long deadline_ms);

/* What a checked stream is to the page. */
enum {
    UNIFEX_STREAM_CONTENT = 0,   /* the page's content stream */
    UNIFEX_STREAM_FORM = 1,      /* a form XObject the page paints */
    UNIFEX_STREAM_TOUNICODE = 2, /* a font's ToUnicode map */
    UNIFEX_STREAM_FONT = 3,      /* an embedded font program */
    UNIFEX_STREAM_GLYPHS = 4,    /* a Type 3 font's glyph procedure */
};

/* Checks with zlib the compressed streams the page's text comes from: its content streams, the
   form XObjects it paints, and its fonts' ToUnicode maps, programs and Type 3 glyphs (not its
   images). Poppler's own Flate decoder ignores the checksum that ends the data, so a corrupt
   stream gives part of the page and no report. Returns NULL when they are sound, else zlib's
   reason for the first that is not (free with free()), with its object number in *object and
   what it is in *kind (UNIFEX_STREAM_...). At most `max_output` bytes are inflated in all, until
   `deadline_ms` (0 = none): *complete is 0 when either ran out before a verdict. A stream's
   verdict is kept with the document, so a font shared by its pages is inflated once. */
char *unifex_pdf_check_content(unifex_pdf *doc, int page, long long max_output, long long deadline_ms,
                               int *object, int *kind, int *complete);

/* Milliseconds of the monotonic clock, for deadlines. */
long long unifex_now_ms(void);
/* The poppler version this was built against, e.g. "22.12.0" (for reports). */
const char *unifex_poppler_version(void);

#ifdef __cplusplus
}
#endif
#endif
