#ifndef CODEENV_CLINUX_SHIM_H
#define CODEENV_CLINUX_SHIM_H
/* Linux interfaces Swift's Glibc module leaves out. */
#include <sys/epoll.h>
#endif
