#include "page_rotation.h"

#include <memory>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

namespace {
// Damage is reported through poppler-glib already; keep poppler-cpp from printing it a second time.
void quiet(const std::string &, void *) {}
}

extern "C" int unifex_page_rotations(const char *path, const char *password, int *rotations, int max_pages) {
    poppler::set_debug_error_function(quiet, nullptr);
    std::string pw = password ? password : "";
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path, pw, pw));
    if (!doc || doc->is_locked()) return -1;
    int count = doc->pages();
    if (count > max_pages) count = max_pages;
    for (int i = 0; i < count; i++) {
        std::unique_ptr<poppler::page> page(doc->create_page(i));
        int degrees = 0;
        if (page) {
            switch (page->orientation()) {
            case poppler::page::landscape: degrees = 90; break;
            case poppler::page::upside_down: degrees = 180; break;
            case poppler::page::seascape: degrees = 270; break;
            default: degrees = 0; break;
            }
        }
        rotations[i] = degrees;
    }
    return count;
}
