#ifndef UNIFEX_CPOPPLERCORE_H
#define UNIFEX_CPOPPLERCORE_H
/* The module's umbrella header: every header of the shim, by name. A build made before a header
   was added then sees the module change (an umbrella folder would not tell it). */
#include "poppler_core.h"
#include "poppler_images.h"
#include "poppler_outline.h"
#include "poppler_rulings.h"
#endif
