#ifndef CODEENV_CPYTHON_SHIM_H
#define CODEENV_CPYTHON_SHIM_H
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#endif
