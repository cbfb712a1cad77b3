#ifndef UNIFEX_CPOPPLER_SHIM_H
#define UNIFEX_CPOPPLER_SHIM_H
#include <poppler.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib.h>

/* g_log_set_handler takes a GLogFunc; Swift closures convert to it, but the
   log levels are enum flags that import awkwardly, so the full mask is named here. */
static inline guint unifex_all_log_levels(void) {
    return G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION;
}
#endif
