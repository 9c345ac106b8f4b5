/* Failure messages: every failing step names its layer, the call and errno. */
#include "layers.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const layer_names[] = {
    "namespaces", "filesystem", "rlimits", "privileges", "seccomp",
};

const char *sandbox_layer_name(enum sandbox_layer layer) {
    for (unsigned i = 0; i < sizeof layer_names / sizeof *layer_names; i++)
        if (layer == 1u << i) return layer_names[i];
    return NULL;
}

/* Async-signal-safe enough for the child after a raw clone: vsnprintf with
 * plain %s/%d conversions and strerrordesc_np (a static table, no locale,
 * no allocation, unlike strerror). */
int sandbox_fail(struct sandbox_error *error, const char *layer, int err,
                 const char *call_format, ...) {
    char call[384];
    va_list args;
    va_start(args, call_format);
    vsnprintf(call, sizeof call, call_format, args);
    va_end(args);
    const char *reason = err ? strerrordesc_np(err) : NULL;
    if (reason)
        snprintf(error->message, sizeof error->message, "%s: %s: %s", layer, call, reason);
    else
        snprintf(error->message, sizeof error->message, "%s: %s", layer, call);
    return -1;
}
