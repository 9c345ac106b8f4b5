/*
 * Private interface between spawn.c (the ordered sequence) and the layer
 * files. Each layer function runs in the child unless its comment says
 * "parent", returns 0 or -1 with `error` filled by sandbox_fail(), and never
 * allocates: the caller may have been multithreaded when it cloned, so the
 * child only makes system calls and formats into fixed buffers.
 */
#ifndef CODEENV_SANDBOX_LAYERS_H
#define CODEENV_SANDBOX_LAYERS_H

/* Every layer file includes this first: close_range, strerrordesc_np,
 * mount_setattr and the CLONE_* flags are GNU/Linux extensions. */
#define _GNU_SOURCE

#include "Sandbox.h"

#include <stdbool.h>

/* Caps that keep struct sandbox_plan a fixed size the parent fills in. */
#define SANDBOX_MAX_KEEP_FDS 64

/* Everything the child needs, worked out by the parent before the clone. */
struct sandbox_plan {
    unsigned layers;  /* enabled layers: SANDBOX_LAYER_ALL minus the disabled */
    pid_t parent;     /* the caller's pid, for the parent-death check */
    int channel;      /* child's end of the spawn channel (see spawn.c) */
    int keep_fds[SANDBOX_MAX_KEEP_FDS + 1]; /* sorted, includes `channel` */
    size_t keep_fd_count;
};

static inline bool plan_has(const struct sandbox_plan *plan, enum sandbox_layer layer) {
    return (plan->layers & layer) != 0;
}

/* "<layer>: <call>: <strerror(err)>" into error->message (no suffix when
 * err is 0); returns -1 so failures read `return sandbox_fail(...)`. */
int sandbox_fail(struct sandbox_error *error, const char *layer, int err,
                 const char *call_format, ...) __attribute__((format(printf, 4, 5)));

/* process.c — not layers an operator can turn off: always applied. */
int process_die_with_parent(const struct sandbox_plan *plan, struct sandbox_error *error);
int process_close_inherited_fds(const struct sandbox_plan *plan, struct sandbox_error *error);

#endif
