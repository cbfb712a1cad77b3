#ifndef UNIFEX_CSIGNAL_SHIM_H
#define UNIFEX_CSIGNAL_SHIM_H
// signalfd(2), which Swift's Glibc module leaves out: a signal can be seen pending without
// being taken, so the thread that sees the input end and the one that waits for signals never
// both miss a signal that has arrived.
#include <sys/signalfd.h>
#endif
