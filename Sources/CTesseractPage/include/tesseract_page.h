#ifndef UNIFEX_TESSERACT_PAGE_H
#define UNIFEX_TESSERACT_PAGE_H
/* What tesseract recognised on a page, read in one pass. */
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A line or a word: its text as tesseract gives it (a line's with its line break, and a
   paragraph's last line with a blank line after it), its box in pixels of the image recognised
   (when has_box), and tesseract's confidence, 0-100. */
typedef struct unifex_ocr_span {
    char *text;
    int has_box;
    int left, top, right, bottom;
    float confidence;
} unifex_ocr_span;

typedef struct unifex_ocr_page {
    unifex_ocr_span *lines;
    size_t line_count;
    unifex_ocr_span *words;
    size_t word_count;
} unifex_ocr_page;

/* Reads the lines and words of the page `api` (a TessBaseAPI handle of tesseract's C API)
   has just recognised, in reading order, with the text, boxes and confidences tesseract's
   result iterator gives. Returns 0 when `page` is filled (free it with unifex_ocr_page_free);
   1 when the page holds right-to-left or mixed-direction words, whose reading order only the
   result iterator knows, or words of a script written without spaces (nothing is filled);
   -1 when there is no result or no memory. */
int unifex_ocr_read_page(void *api, unifex_ocr_page *page);

void unifex_ocr_page_free(unifex_ocr_page *page);

#ifdef __cplusplus
}
#endif
#endif
