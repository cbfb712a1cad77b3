// The outline as a flat list of entries: title, depth, page and height on the page.
#include "poppler_private.h"
#include "poppler_outline.h"

#include <Catalog.h>
#include <Link.h>
#include <Outline.h>
#include <cmath>
#include <set>

namespace {

struct Walk {
    unifex_pdf *doc;
    int limit;
    int maxDepth;
    std::vector<unifex_outline_entry> entries;
    // Entries already read, by object: a hostile outline can list an ancestor among the kids.
    std::set<std::pair<int, int>> seen;
};

// The destination's top edge in points from the top of the page as displayed, when it says.
double topOf(unifex_pdf *doc, const LinkDest &dest, int page) {
    bool hasTop = (dest.getKind() == destXYZ && dest.getChangeTop()) || dest.getKind() == destFitH
                  || dest.getKind() == destFitBH || dest.getKind() == destFitR;
    Page *p = doc->doc->getPage(page);
    if (!hasTop || !p || p->getRotate() % 360 != 0 || !std::isfinite(dest.getTop())) return NAN;
    const PDFRectangle *crop = p->getCropBox();
    double unit = scaleOf(doc, p);
    double top = (crop->y2 - dest.getTop()) * unit;
    double height = (crop->y2 - crop->y1) * unit;
    return top >= -1 && top <= height + 1 ? std::clamp(top, 0.0, height) : NAN;
}

void resolve(unifex_pdf *doc, const LinkAction *action, unifex_outline_entry &entry) {
    if (!action || action->getKind() != actionGoTo) return;
    auto goTo = static_cast<const LinkGoTo *>(action);
    std::unique_ptr<LinkDest> named;
    const LinkDest *dest = goTo->getDest();
    if (!dest && goTo->getNamedDest()) {
        named = doc->doc->findDest(goTo->getNamedDest());
        dest = named.get();
    }
    if (!dest || !dest->isOk()) return;
    int page = dest->isPageRef() ? doc->doc->findPage(dest->getPageRef()) : dest->getPageNum();
    if (page < 1 || page > doc->doc->getNumPages()) return;
    entry.page = page;
    entry.top = topOf(doc, *dest, page);
}

void walk(Walk &w, const std::vector<OutlineItem *> *items, int level) {
    if (!items || level > w.maxDepth) return;
    for (OutlineItem *item : *items) {
        if ((int)w.entries.size() >= w.limit) return;
        Ref ref = item->getRef();
        if (ref != Ref::INVALID() && !w.seen.insert({ref.num, ref.gen}).second) continue;
        std::string title;
        const Unicode *u = item->getTitle();
        for (int i = 0; u && i < item->getTitleLength(); i++) {
            if (u[i] != 0) appendUtf8(title, u[i]);
        }
        unifex_outline_entry entry{copyString(title), level, 0, NAN};
        resolve(w.doc, item->getAction(), entry);
        w.entries.push_back(entry);
        if (item->hasKids() && level < w.maxDepth) {
            item->open();
            walk(w, item->getKids(), level + 1);
        }
    }
}

} // namespace

int unifex_pdf_outline(unifex_pdf *doc, int limit, int max_depth, unifex_outline_entry **entries) {
    *entries = nullptr;
    Outline *outline = doc->doc->getOutline();
    if (!outline || limit <= 0) return 0;
    Walk w{doc, limit, max_depth, {}, {}};
    walk(w, outline->getItems(), 1);
    if (w.entries.empty()) return 0;
    *entries = (unifex_outline_entry *)malloc(sizeof(unifex_outline_entry) * w.entries.size());
    if (!*entries) {
        for (auto &e : w.entries) free(e.title);
        return 0;
    }
    std::copy(w.entries.begin(), w.entries.end(), *entries);
    return (int)w.entries.size();
}

void unifex_outline_free(unifex_outline_entry *entries, int count) {
    for (int i = 0; entries && i < count; i++) free(entries[i].title);
    free(entries);
}
