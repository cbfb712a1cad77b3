#ifndef UNIFEX_CZLIB_SHIM_H
#define UNIFEX_CZLIB_SHIM_H
#include <zlib.h>
#endif
