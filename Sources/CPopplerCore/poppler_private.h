// What the shim's files share: poppler's headers, the document handle, and the helpers more
// than one of them needs. Not part of the C interface (include/poppler_core.h).
#pragma once

#include "poppler_core.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <DateInfo.h>
#include <Error.h>
#include <UTF.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <poppler-config.h>
#include <SplashOutputDev.h>
#include <splash/SplashBitmap.h>
#include <Page.h>
#include <GfxState.h>
#include <OutputDev.h>
#include <TextOutputDev.h>
#include <goo/GooString.h>
#include <zlib.h>

#include "poppler_file_stream.h"

struct unifex_pdf {
    // The file the document reads and its name: the document's streams use them, so they are
    // declared before it, to be closed after it.
    std::unique_ptr<unifex_shim::FileBlocks> file;
    std::unique_ptr<GooString> fileName;
    std::unique_ptr<PDFDoc> doc;
    bool reconstructed = false;
    // Made on the first render and kept: it holds the document's fonts.
    std::unique_ptr<SplashOutputDev> splash;
    // zlib's verdict on each compressed stream checked, by object number: "" when sound.
    std::unordered_map<int, std::string> checkedStreams;
    // Fonts and XObjects, by object number, whose every stream was found sound (or that have none
    // to check, as an image): later pages that use them skip fetching them again.
    std::unordered_set<int> soundObjects;
};

namespace unifex_shim {

// poppler's global parameters must exist before the first document; set them up once.
void initialise();

// A TextOutputDev text sink that appends to a std::string.
void appendText(void *stream, const char *text, int length);

struct Deadline {
    long long at;
};

// poppler's abort check: true once the deadline (a Deadline *) has passed.
bool deadlinePassed(void *data);

// /UserUnit of the page: 1 when absent, 0 when unusable.
double userUnit(unifex_pdf *doc, Page *p);
// The factor from user space to real points.
double scaleOf(unifex_pdf *doc, Page *p);
void scale(unifex_span &s, double by);

// A malloc'ed copy for the C side, which frees it.
char *copyString(const std::string &s);

// One code point as UTF-8.
void appendUtf8(std::string &out, Unicode u);

} // namespace unifex_shim

using namespace unifex_shim;
