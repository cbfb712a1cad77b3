#ifndef UNIFEX_CCAIRO_SHIM_H
#define UNIFEX_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#endif
