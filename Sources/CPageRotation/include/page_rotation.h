#ifndef UNIFEX_PAGE_ROTATION_H
#define UNIFEX_PAGE_ROTATION_H
#ifdef __cplusplus
extern "C" {
#endif

/* Writes the /Rotate of pages 1..max_pages (0, 90, 180 or 270) into rotations.
   poppler-glib has no accessor for a page's rotation; poppler-cpp does.
   Returns the number of pages written, or -1 if the document cannot be opened. */
int unifex_page_rotations(const char *path, const char *password, int *rotations, int max_pages);

#ifdef __cplusplus
}
#endif
#endif
