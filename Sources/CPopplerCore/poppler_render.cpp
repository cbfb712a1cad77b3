// Rendering a page to grey pixels with Splash, as pdftoppm does.
#include "poppler_private.h"

#include <memory>

extern "C" {

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
    // Taken from the output device, which would otherwise keep the page's pixels until the next
    // render: a second copy of the page held through its whole OCR.
    std::unique_ptr<SplashBitmap> bitmap(doc->splash->takeBitmap());
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

} // extern "C"
