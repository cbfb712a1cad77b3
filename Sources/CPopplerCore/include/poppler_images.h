#ifndef UNIFEX_POPPLER_IMAGES_H
#define UNIFEX_POPPLER_IMAGES_H
/* The resolution of the images a page draws, without decoding them: how finely a scan was
   sampled, which no render of the page can improve on. */
#include "poppler_core.h"
#ifdef __cplusplus
extern "C" {
#endif

/* The resolution (pixels per inch on the page as displayed, /UserUnit applied) of the page's
   largest image by drawn area, the higher one when images of nearly that size are stacked
   (a picture and its mask), with the share of the page (0-1) that image covers in *coverage and
   the bits of one of its pixels (1 for a bilevel scan, 8 gray, 24 RGB) in *bits_per_pixel.
   0 when the page draws no image; -1 when the page cannot be read or the deadline passed. */
double unifex_pdf_image_resolution(unifex_pdf *doc, int page, long long deadline_ms, double *coverage,
                                   int *bits_per_pixel);

#ifdef __cplusplus
}
#endif
#endif
