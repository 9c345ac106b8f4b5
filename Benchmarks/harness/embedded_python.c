/* python3's own main over Debian's shared libpython3.11.so, the library
 * codeenv's workers embed. /usr/bin/python3 links libpython statically,
 * which makes pure-Python loops faster; this baseline separates that gap
 * from anything the sandbox or the server costs. */
#include <Python.h>

int main(int argc, char **argv) { return Py_BytesMain(argc, argv); }
