#ifndef UNIFEX_POPPLER_OUTLINE_H
#define UNIFEX_POPPLER_OUTLINE_H
/* The document's outline (its bookmarks): the headings its author or typesetter named, with
   their depth and the page each leads to. */
#include "poppler_core.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    char *title;   /* UTF-8, as the outline gives it */
    int level;     /* 1 for the outline's top entries, 2 for their children, ... */
    int page;      /* 1-based page the entry leads to; 0 when it leads to none of this document's */
    double top;    /* where on that page: points from the top edge of the page as displayed;
                      NaN when the destination gives no height or the page is turned */
} unifex_outline_entry;

/* The outline's entries in reading order (each entry before its children), at most `limit` of
   them and `max_depth` levels deep: an outline can nest or loop without end. Returns how many
   entries *entries holds (0 for a document without an outline); free them with
   unifex_outline_free. */
int unifex_pdf_outline(unifex_pdf *doc, int limit, int max_depth, unifex_outline_entry **entries);
void unifex_outline_free(unifex_outline_entry *entries, int count);

#ifdef __cplusplus
}
#endif
#endif
