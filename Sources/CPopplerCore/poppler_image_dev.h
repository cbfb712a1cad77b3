// An OutputDev that draws nothing and is told of each image a page draws: what the image
// resolution, the image coverage and the page marks readers share. Not part of the C interface.
#pragma once

#include "poppler_private.h"

#include <cmath>

namespace unifex_shim {

class ImageVisitorDev : public OutputDev {
public:
    double pageWidth = 0, pageHeight = 0;

    bool upsideDown() override { return true; }
    bool useDrawChar() override { return false; }
    bool interpretType3Chars() override { return false; }
    bool needNonText() override { return true; }
    void startPage(int, GfxState *state, XRef *) override {
        pageWidth = state->getPageWidth();
        pageHeight = state->getPageHeight();
    }
    // The base class reads past inline image data, so each override hands over to it after
    // being told.
    void drawImageMask(GfxState *state, Object *ref, Stream *str, int width, int height, bool invert, bool interpolate,
                       bool inlineImg) override {
        image(state, width, height, 1);
        OutputDev::drawImageMask(state, ref, str, width, height, invert, interpolate, inlineImg);
    }
    void drawImage(GfxState *state, Object *ref, Stream *str, int width, int height, GfxImageColorMap *colorMap,
                   bool interpolate, const int *maskColors, bool inlineImg) override {
        image(state, width, height, bitsOf(colorMap));
        OutputDev::drawImage(state, ref, str, width, height, colorMap, interpolate, maskColors, inlineImg);
    }
    void drawMaskedImage(GfxState *state, Object *, Stream *, int width, int height, GfxImageColorMap *colorMap, bool,
                         Stream *, int maskWidth, int maskHeight, bool, bool) override {
        image(state, std::max(width, maskWidth), std::max(height, maskHeight), bitsOf(colorMap));
    }
    void drawSoftMaskedImage(GfxState *state, Object *, Stream *, int width, int height, GfxImageColorMap *colorMap,
                             bool, Stream *, int maskWidth, int maskHeight, GfxImageColorMap *, bool) override {
        image(state, std::max(width, maskWidth), std::max(height, maskHeight), bitsOf(colorMap));
    }

protected:
    // An image `width` × `height` pixels, `bits` to a pixel, drawn with `state`'s matrix.
    virtual void image(GfxState *state, int width, int height, int bits) = 0;

    // An image fills the unit square of its matrix: its corners on the page give its box there
    // (not clipped). False when the box is empty or not finite.
    static bool imageBox(GfxState *state, double &x0, double &y0, double &x1, double &y1) {
        const double *m = state->getCTM();
        x0 = 1e300; y0 = 1e300; x1 = -1e300; y1 = -1e300;
        for (int corner = 0; corner < 4; corner++) {
            double u = corner & 1, v = corner >> 1;
            double x = m[0] * u + m[2] * v + m[4], y = m[1] * u + m[3] * v + m[5];
            x0 = std::min(x0, x); x1 = std::max(x1, x);
            y0 = std::min(y0, y); y1 = std::max(y1, y);
        }
        return std::isfinite(x0) && std::isfinite(y0) && std::isfinite(x1) && std::isfinite(y1) && x1 > x0 && y1 > y0;
    }

private:
    static int bitsOf(GfxImageColorMap *colorMap) {
        return colorMap && colorMap->isOk() ? colorMap->getBits() * colorMap->getNumPixelComps() : 8;
    }
};

} // namespace unifex_shim
