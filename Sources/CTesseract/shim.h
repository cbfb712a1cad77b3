#ifndef UNIFEX_CTESSERACT_SHIM_H
#define UNIFEX_CTESSERACT_SHIM_H
/* Leptonica first: tesseract's capi.h uses Pix but only forward-declares it. */
#include <leptonica/allheaders.h>
#include <tesseract/capi.h>
#endif
