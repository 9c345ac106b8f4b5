#ifndef CODEENV_CPYTHON_SHIM_H
#define CODEENV_CPYTHON_SHIM_H
/* The C library headers first, as Swift's Glibc module sees them: Python.h
 * defines _GNU_SOURCE, and a libc header parsed under it again would give
 * types like fd_set a second, different definition, which clang rejects
 * when one Swift module imports both CPython and Glibc. */
#include <sys/select.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#define PY_SSIZE_T_CLEAN
/* Through the versioned directory, so no include path is needed: the
 * headers include each other relative to themselves. */
#include <python3.11/Python.h>
#endif
