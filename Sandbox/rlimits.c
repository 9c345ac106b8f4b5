/*
 * Layer 3, rlimits: caps what one worker can use. Soft and hard limits are
 * set to the same value, and the worker has no capability in the initial
 * user namespace, so it can lower them but never raise them back.
 *
 * Past RLIMIT_CPU the kernel sends SIGXCPU and, the hard limit being the
 * same, SIGKILL, which ends the worker; past RLIMIT_FSIZE write() fails with
 * EFBIG (CPython ignores SIGXFSZ and raises OSError), as under python3.
 * RLIMIT_NPROC counts threads too, per outside uid, which is the worker's
 * own (see outside_id_base); the namespace's init (init.c) is one of them.
 */
#include "layers.h"

#include <errno.h>
#include <stddef.h>
#include <sys/resource.h>

static const struct {
    int resource;
    const char *name;
    size_t offset; /* of the uint64_t in struct sandbox_limits; 0 there = inherited */
} limit_table[] = {
    {RLIMIT_AS, "RLIMIT_AS", offsetof(struct sandbox_limits, address_space_bytes)},
    {RLIMIT_CPU, "RLIMIT_CPU", offsetof(struct sandbox_limits, cpu_seconds)},
    {RLIMIT_NPROC, "RLIMIT_NPROC", offsetof(struct sandbox_limits, processes)},
    {RLIMIT_NOFILE, "RLIMIT_NOFILE", offsetof(struct sandbox_limits, open_files)},
    {RLIMIT_FSIZE, "RLIMIT_FSIZE", offsetof(struct sandbox_limits, file_size_bytes)},
};

static int set_limit(int resource, const char *name, rlim_t value, struct sandbox_error *error) {
    struct rlimit limit = {.rlim_cur = value, .rlim_max = value};
    if (setrlimit(resource, &limit) != 0)
        return sandbox_fail(error, "rlimits", errno, "setrlimit(%s, %llu)", name, (unsigned long long)value);
    return 0;
}

int rlimits_apply(const struct sandbox_plan *plan, struct sandbox_error *error) {
    for (size_t i = 0; i < sizeof limit_table / sizeof *limit_table; i++) {
        uint64_t value = *(const uint64_t *)((const char *)&plan->limits + limit_table[i].offset);
        if (value && set_limit(limit_table[i].resource, limit_table[i].name, value, error)) return -1;
    }
    /* Always: a core dump would write the worker's memory to disk. */
    return set_limit(RLIMIT_CORE, "RLIMIT_CORE", 0, error);
}
