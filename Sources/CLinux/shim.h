#ifndef CODEENV_CLINUX_SHIM_H
#define CODEENV_CLINUX_SHIM_H
/* Linux interfaces Swift's Glibc module leaves out. */
#include <sys/epoll.h>
/* glibc declares pipe2 only under _GNU_SOURCE, which Swift's Glibc module
   is built without; the function itself is always there. */
int pipe2(int pipefd[2], int flags);
#endif
