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

#include <linux/filter.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/capability.h>

/* Caps that keep struct sandbox_plan a fixed size the parent fills in. */
#define SANDBOX_MAX_KEEP_FDS 64

#define NAMESPACE_FLAGS (CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS | \
                         CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWCGROUP)

/* Everything the child needs, worked out by the parent before the clone
 * (paths resolved, capability state and seccomp program built), so that the
 * child only makes system calls. */
struct sandbox_plan {
    unsigned layers;  /* enabled layers: SANDBOX_LAYER_ALL minus the disabled */
    pid_t parent;     /* the caller's pid, for the parent-death check */
    int channel;      /* child's end of the spawn channel (see spawn.c) */
    int keep_fds[SANDBOX_MAX_KEEP_FDS + 1]; /* sorted, includes `channel` */
    size_t keep_fd_count;
    uid_t outside_id_base;
    uid_t worker_id;  /* SANDBOX_WORKER_ID in a user namespace, else outside_id_base + 1 */
    struct sandbox_limits limits;
    uint64_t tmpfs_bytes; /* limits.tmpfs_bytes or SANDBOX_DEFAULT_TMPFS_BYTES */
    char **extra_paths;   /* canonical (realpath) host paths */
    size_t extra_path_count;
    cap_t no_capabilities;
    enum sandbox_seccomp_profile seccomp_profile;
    struct sock_fprog seccomp_program;
};

static inline bool plan_has(const struct sandbox_plan *plan, enum sandbox_layer layer) {
    return (plan->layers & layer) != 0;
}

/* "<layer>: <call>: <strerror(err)>" into error->message (no suffix when
 * err is 0); returns -1 so failures read `return sandbox_fail(...)`. */
int sandbox_fail(struct sandbox_error *error, const char *layer, int err,
                 const char *call_format, ...) __attribute__((format(printf, 4, 5)));

/* plan.c (parent) */
int plan_prepare(const struct sandbox_config *config, int channel, struct sandbox_plan *plan,
                 struct sandbox_error *error);
void plan_release(struct sandbox_plan *plan);

/* process.c: not a layer an operator can turn off, always applied. */
int process_die_with_parent(const struct sandbox_plan *plan, struct sandbox_error *error);
int process_new_session(struct sandbox_error *error);
int process_close_inherited_fds(const struct sandbox_plan *plan, struct sandbox_error *error);

/* init.c: with the pid namespace, forks; the caller goes on as pid 2 and
 * pid 1 stays behind as the namespace's init (never returns there). */
int init_start(struct sandbox_error *error);

/* namespaces.c */
pid_t namespaces_clone(const struct sandbox_plan *plan, struct sandbox_error *error);
int namespaces_map_ids(const struct sandbox_plan *plan, pid_t child, int channel,
                       struct sandbox_error *error); /* parent */
int namespaces_become_root(const struct sandbox_plan *plan, struct sandbox_error *error);

/* filesystem.c */
int filesystem_build_root(const struct sandbox_plan *plan, struct sandbox_error *error);

/* rlimits.c */
int rlimits_apply(const struct sandbox_plan *plan, struct sandbox_error *error);

/* privileges.c */
int privileges_drop(const struct sandbox_plan *plan, struct sandbox_error *error);
int privileges_forbid_new(struct sandbox_error *error);

/* seccomp_policy.c */
int seccomp_prepare(enum sandbox_seccomp_profile profile, struct sock_fprog *program,
                    struct sandbox_error *error); /* parent */
int seccomp_install(const struct sandbox_plan *plan, struct sandbox_error *error);

#endif
