#ifndef UNIFEX_POPPLER_RULINGS_H
#define UNIFEX_POPPLER_RULINGS_H
/* The straight horizontal and vertical strokes and the filled rectangles a page draws: the
   ruling lines of its tables. Many "lines" in PDFs are thin filled rectangles, so both are kept
   and the caller decides. And the images it draws, where they stand: its pictures. Same
   coordinates as the text layer: points as displayed, top-left. */
#include "poppler_core.h"
#ifdef __cplusplus
extern "C" {
#endif

enum unifex_mark_kind {
    UNIFEX_MARK_STROKE = 0, /* a stroked straight segment: x0,y0 to x1,y1, `width` wide */
    UNIFEX_MARK_FILL = 1,   /* a filled axis-aligned rectangle: its box */
    UNIFEX_MARK_IMAGE = 2,  /* an image drawn (a photo, a scanned figure, a logo): the box it covers */
    UNIFEX_MARK_SHAPE = 3,  /* a piece of a path no ruling is made of (curved, slanted, a filled
                               polygon): its box. What charts and diagrams are drawn with */
};

typedef struct {
    double x0, y0, x1, y1;
    double width;
    int kind;
} unifex_mark;

typedef struct {
    unifex_mark *marks;
    int count;
    int truncated; /* more than the limit were drawn: the rest were not kept */
    int aborted;   /* the deadline passed before the page was done */
} unifex_page_marks;

/* The page's axis-aligned strokes and filled rectangles (white ones left out), its images
   (their boxes, clipped to what is shown) and the boxes of its other shapes, at most `limit` in all.
   NULL when the page cannot be loaded. Free with unifex_page_marks_free. */
unifex_page_marks *unifex_pdf_page_marks(unifex_pdf *doc, int page, int limit, long long deadline_ms);
void unifex_page_marks_free(unifex_page_marks *marks);

#ifdef __cplusplus
}
#endif
#endif
