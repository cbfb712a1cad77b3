// The resolution of a page's images, from their sizes in pixels and the matrices that draw them.
// An OutputDev because only the content stream says where and how large each image is drawn.
#include "poppler_private.h"
#include "poppler_images.h"
#include "poppler_image_dev.h"

#include <cmath>

using namespace unifex_shim;

namespace {

class ImageResolutionDev : public ImageVisitorDev {
public:
    struct Drawn {
        double area, dpi;
        int bits;
    };
    std::vector<Drawn> images;

protected:
    // The lengths of the matrix's two axes are the drawn width and height (in points at 72 dpi,
    // whatever the rotation), and its corners clipped to the page give the area it covers.
    void image(GfxState *state, int width, int height, int bits) override {
        const double *m = state->getCTM();
        double across = std::hypot(m[0], m[1]), down = std::hypot(m[2], m[3]);
        if (width <= 0 || height <= 0 || !(across > 0) || !(down > 0)) return;
        double x0, y0, x1, y1;
        if (!imageBox(state, x0, y0, x1, y1)) return;
        x0 = std::max(x0, 0.0); y0 = std::max(y0, 0.0);
        x1 = std::min(x1, pageWidth); y1 = std::min(y1, pageHeight);
        if (!(x1 > x0 && y1 > y0)) return;
        // The coarser of the two directions is what the scan really resolves.
        double dpi = std::min(width * 72 / across, height * 72 / down);
        if (std::isfinite(dpi)) images.push_back({(x1 - x0) * (y1 - y0), dpi, bits});
    }
};

} // namespace

extern "C" {

double unifex_pdf_image_resolution(unifex_pdf *doc, int page, long long deadline_ms, double *coverage,
                                   int *bits_per_pixel) {
    *coverage = 0;
    *bits_per_pixel = 0;
    Page *p = doc->doc->getPage(page);
    if (!p) return -1;
    ImageResolutionDev output;
    Deadline deadline{deadline_ms};
    if (deadline_ms > 0) {
        doc->doc->displayPage(&output, page, 72, 72, 0, false, true, false, deadlinePassed, &deadline);
        if (deadlinePassed(&deadline)) return -1;
    } else {
        doc->doc->displayPage(&output, page, 72, 72, 0, false, true, false);
    }
    double largest = 0;
    for (const auto &image : output.images) {
        if (image.area > largest) {
            largest = image.area;
            *bits_per_pixel = image.bits;
        }
    }
    if (largest <= 0) return 0;
    double dpi = 0;
    for (const auto &image : output.images) {
        if (image.area >= 0.8 * largest) dpi = std::max(dpi, image.dpi);
    }
    double area = output.pageWidth * output.pageHeight;
    *coverage = area > 0 ? std::min(1.0, largest / area) : 0;
    // Drawn sizes are in user-space units; /UserUnit makes them larger in real points.
    return dpi / scaleOf(doc, p);
}

} // extern "C"
