// The page's straight strokes and filled rectangles, for the ruling lines of tables.
#include "poppler_private.h"
#include "poppler_rulings.h"
#include "poppler_image_dev.h"

#include <cmath>

namespace {

// Draws nothing; keeps each axis-aligned straight piece of a stroked path, and each filled
// path that is one axis-aligned rectangle (curves and slanted segments cannot be rulings), the
// box of each image, and the box of every other piece of a path (what pictures are drawn with).
class MarksDev : public ImageVisitorDev {
public:
    std::vector<unifex_mark> marks;
    size_t limit = 0;
    bool truncated = false;
    size_t shapes = 0, shapeLimit = 20000;

    void stroke(GfxState *state) override {
        if (isWhite(state, true)) return;
        double width = state->getTransformedLineWidth();
        forEachSubpath(state, [&](const std::vector<std::pair<double, double>> &points, bool closed, bool curved) {
            if (curved) { addShape(points, width, closed); return; }
            size_t n = points.size();
            bool slanted = false;
            for (size_t i = 0; i + 1 < n + (closed ? 1 : 0); i++) {
                auto a = points[i], b = points[(i + 1) % n];
                bool flat = std::fabs(a.second - b.second) < 0.5, upright = std::fabs(a.first - b.first) < 0.5;
                if (flat == upright) { slanted = slanted || !flat; continue; } // slanted, or a dot
                add({a.first, a.second, b.first, b.second, width, UNIFEX_MARK_STROKE});
            }
            if (slanted) addShape(points, width, closed);
        });
    }
    void fill(GfxState *state) override { fillRectangles(state); }
    void eoFill(GfxState *state) override { fillRectangles(state); }

protected:
    // What shows of an image is inside the clip.
    void image(GfxState *state, int, int, int) override {
        double x0, y0, x1, y1, cx0, cy0, cx1, cy1;
        if (!imageBox(state, x0, y0, x1, y1)) return;
        state->getClipBBox(&cx0, &cy0, &cx1, &cy1);
        x0 = std::max(x0, std::max(cx0, 0.0)); y0 = std::max(y0, std::max(cy0, 0.0));
        x1 = std::min(x1, std::min(cx1, pageWidth)); y1 = std::min(y1, std::min(cy1, pageHeight));
        if (x1 > x0 && y1 > y0) add({x0, y0, x1, y1, 0, UNIFEX_MARK_IMAGE});
    }

private:
    void add(unifex_mark m) {
        if (m.kind != UNIFEX_MARK_SHAPE && marks.size() - shapes >= limit) { truncated = true; return; }
        marks.push_back(m);
    }

    static bool isWhite(GfxState *state, bool stroking) {
        GfxRGB rgb;
        if (stroking) state->getStrokeRGB(&rgb); else state->getFillRGB(&rgb);
        double opacity = stroking ? state->getStrokeOpacity() : state->getFillOpacity();
        return opacity <= 0.01 ||
               (colToDbl(rgb.r) > 0.97 && colToDbl(rgb.g) > 0.97 && colToDbl(rgb.b) > 0.97);
    }

    template <typename F> static void forEachSubpath(GfxState *state, F body) {
        const GfxPath *path = state->getPath();
        for (int s = 0; s < path->getNumSubpaths(); s++) {
            const GfxSubpath *sub = path->getSubpath(s);
            std::vector<std::pair<double, double>> points;
            bool curved = false;
            for (int i = 0; i < sub->getNumPoints(); i++) {
                if (sub->getCurve(i)) curved = true;
                double x, y;
                state->transform(sub->getX(i), sub->getY(i), &x, &y);
                points.emplace_back(x, y);
            }
            body(points, sub->isClosed(), curved);
        }
    }

    // A rectangle: four or five points (the last may repeat the first) on two x and two y values.
    // Any other filled path is a shape.
    void fillRectangles(GfxState *state) {
        if (isWhite(state, false)) return;
        forEachSubpath(state, [&](std::vector<std::pair<double, double>> points, bool, bool curved) {
            if (points.size() < 3) return;
            if (curved) { addShape(points, 0, true); return; }
            if (points.size() == 5 && std::fabs(points[4].first - points[0].first) < 0.5 &&
                std::fabs(points[4].second - points[0].second) < 0.5)
                points.pop_back();
            double x0, y0, x1, y1;
            boxOf(points, x0, y0, x1, y1);
            bool rectangle = points.size() == 4;
            for (auto &p : points) {
                bool onX = std::fabs(p.first - x0) < 0.5 || std::fabs(p.first - x1) < 0.5;
                bool onY = std::fabs(p.second - y0) < 0.5 || std::fabs(p.second - y1) < 0.5;
                if (!onX || !onY) rectangle = false;
            }
            if (rectangle) add({x0, y0, x1, y1, 0, UNIFEX_MARK_FILL});
            else addShape(points, 0, true);
        });
    }

    static void boxOf(const std::vector<std::pair<double, double>> &points, double &x0, double &y0, double &x1, double &y1) {
        x0 = 1e300; y0 = 1e300; x1 = -1e300; y1 = -1e300;
        for (auto &p : points) {
            x0 = std::min(x0, p.first); x1 = std::max(x1, p.first);
            y0 = std::min(y0, p.second); y1 = std::max(y1, p.second);
        }
    }

    // A curved, slanted or polygonal piece of a path as small boxes along it (at most `step`
    // points a side, widened by half the stroke), so that a diagonal line or a circle covers the
    // page where it is drawn, not its whole bounding box. Curves are followed along their control
    // polygon, which holds them. Shapes have their own limit: past it, no more are kept, and
    // the rulings are not affected.
    void addShape(std::vector<std::pair<double, double>> points, double width, bool closed) {
        if (closed && !points.empty()) points.push_back(points.front());
        const double step = 6;
        double half = std::isfinite(width) ? std::min(std::max(width, 0.0), 10.0) / 2 : 0;
        bool open = false;
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        auto flush = [&]() {
            if (!open) return;
            open = false;
            double a = std::max(x0 - half, 0.0), b = std::max(y0 - half, 0.0);
            double c = std::min(x1 + half, pageWidth), d = std::min(y1 + half, pageHeight);
            if (!(c >= a && d >= b)) return;
            if (shapes >= shapeLimit) return;
            add({a, b, c, d, 0, UNIFEX_MARK_SHAPE});
            shapes++;
        };
        auto take = [&](double x, double y) {
            if (!std::isfinite(x) || !std::isfinite(y)) return;
            if (!open) { x0 = x1 = x; y0 = y1 = y; open = true; return; }
            double nx0 = std::min(x0, x), ny0 = std::min(y0, y), nx1 = std::max(x1, x), ny1 = std::max(y1, y);
            if (nx1 - nx0 > step || ny1 - ny0 > step) {
                // The box is full: it ends here, and the next one starts where it ended.
                x0 = nx0; y0 = ny0; x1 = nx1; y1 = ny1;
                flush();
                x0 = x1 = x; y0 = y1 = y; open = true;
                return;
            }
            x0 = nx0; y0 = ny0; x1 = nx1; y1 = ny1;
        };
        for (size_t i = 0; i < points.size(); i++) {
            if (i == 0) { take(points[0].first, points[0].second); continue; }
            auto a = points[i - 1], b = points[i];
            double length = std::hypot(b.first - a.first, b.second - a.second);
            if (!std::isfinite(length)) continue;
            // Far-apart points are walked in steps; a segment longer than the page is no drawing.
            int pieces = (int)std::ceil(std::min(length, 20000.0) / step);
            for (int k = 1; k <= std::max(pieces, 1); k++) {
                double t = (double)k / std::max(pieces, 1);
                take(a.first + t * (b.first - a.first), a.second + t * (b.second - a.second));
            }
        }
        flush();
    }
};

} // namespace

extern "C" {

unifex_page_marks *unifex_pdf_page_marks(unifex_pdf *doc, int page, int limit, long long deadline_ms) {
    Page *p = doc->doc->getPage(page);
    if (!p) return nullptr;
    MarksDev output;
    output.limit = limit > 0 ? (size_t)limit : 0;
    Deadline deadline{deadline_ms};
    auto *result = static_cast<unifex_page_marks *>(calloc(1, sizeof(unifex_page_marks)));
    if (!result) return nullptr;
    if (deadline_ms > 0) {
        doc->doc->displayPage(&output, page, 72, 72, 0, false, true, false, deadlinePassed, &deadline);
        if (deadlinePassed(&deadline)) result->aborted = 1;
    } else {
        doc->doc->displayPage(&output, page, 72, 72, 0, false, true, false);
    }
    double by = scaleOf(doc, p);
    size_t n = output.marks.size();
    result->marks = static_cast<unifex_mark *>(malloc(std::max<size_t>(1, n) * sizeof(unifex_mark)));
    if (!result->marks) { free(result); return nullptr; }
    for (size_t i = 0; i < n; i++) {
        unifex_mark m = output.marks[i];
        m.x0 *= by; m.y0 *= by; m.x1 *= by; m.y1 *= by; m.width *= by;
        result->marks[i] = m;
    }
    result->count = (int)n;
    result->truncated = output.truncated ? 1 : 0;
    return result;
}

void unifex_page_marks_free(unifex_page_marks *marks) {
    if (!marks) return;
    free(marks->marks);
    free(marks);
}

} // extern "C"
