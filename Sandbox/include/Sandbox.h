/*
 * The confinement layer: forks one episode worker and confines it before it
 * runs a single line of user code.
 *
 * `sandbox_spawn` is a fork() that returns in the child only once the child
 * is fully confined. It runs in the single-threaded zygote; no Swift runtime
 * or Python work happens between the clone and the last confinement step.
 * The order (one file per layer) is:
 *
 *   user/pid/net/mount/ipc/uts/cgroup namespaces (clone) → parent-death
 *   signal, new session → parent writes id maps → filesystem (private
 *   read-only root, /proc, /dev nodes, tmpfs /tmp) → rlimits → close
 *   inherited fds → drop capabilities + unprivileged uid/gid → parent-death
 *   signal again → no_new_privs → seccomp
 *
 * Every step that fails names its layer, the call and errno in
 * `sandbox_error.message`, and the parent reports it: a failure is never
 * silent and never leaves a half-confined child running.
 */
#ifndef CODEENV_SANDBOX_H
#define CODEENV_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Layers that an operator may turn off with `--allow-weaker-sandbox LAYER`. */
enum sandbox_layer {
    SANDBOX_LAYER_NAMESPACES = 1u << 0, /* user, pid, net, mount, ipc, uts */
    SANDBOX_LAYER_FILESYSTEM = 1u << 1, /* private read-only root (needs NAMESPACES) */
    SANDBOX_LAYER_RLIMITS = 1u << 2,
    SANDBOX_LAYER_PRIVILEGES = 1u << 3, /* capability drop, uid change, no_new_privs */
    SANDBOX_LAYER_SECCOMP = 1u << 4,
};
#define SANDBOX_LAYER_ALL 0x1fu

enum sandbox_seccomp_profile {
    SANDBOX_SECCOMP_STRICT = 0,     /* no processes, no exec, no sockets */
    SANDBOX_SECCOMP_PERMISSIVE = 1, /* processes and exec inside, still no network */
};

/* The worker's uid and gid inside its user namespace (outside_id_base + 1
 * outside it). */
#define SANDBOX_WORKER_ID 1000u

/* With the namespaces layer, the worker's pid in its pid namespace: pid 1
 * is a minimal init (see init.c), so signals the worker sends itself act
 * as they do on python3. */
#define SANDBOX_WORKER_PID 2

/* The /tmp size when limits.tmpfs_bytes is 0. */
#define SANDBOX_DEFAULT_TMPFS_BYTES (64ull << 20)

/* Resource limits; 0 means "leave the inherited value" (for tmpfs_bytes:
 * SANDBOX_DEFAULT_TMPFS_BYTES, since a tmpfs without size= may take half of
 * the host's memory). */
struct sandbox_limits {
    uint64_t address_space_bytes; /* RLIMIT_AS */
    uint64_t cpu_seconds;         /* RLIMIT_CPU */
    uint64_t processes;           /* RLIMIT_NPROC (per outside uid, so per worker) */
    uint64_t open_files;          /* RLIMIT_NOFILE */
    uint64_t file_size_bytes;     /* RLIMIT_FSIZE */
    uint64_t tmpfs_bytes;         /* size= of the /tmp tmpfs */
};

struct sandbox_config {
    unsigned disabled_layers; /* bitmask of enum sandbox_layer */
    enum sandbox_seccomp_profile seccomp_profile;
    struct sandbox_limits limits;
    /* Outside ids for this worker: inside 0 maps to outside_id_base (set-up
     * only), the unprivileged inside uid/gid 1000 to outside_id_base + 1.
     * The zygote gives each live worker its own pair, so rlimits counted per
     * uid (RLIMIT_NPROC) and signal permissions never span two episodes. */
    uid_t outside_id_base;
    /* Host paths bound read-only at the same place in the new root, beyond
     * the built-in /usr (+ bin, lib, lib64 symlinks): e.g. site-packages
     * outside /usr. Resolved with realpath() by the caller's view; not /,
     * nor under /tmp, /proc or /dev. NULL-terminated; may be NULL. */
    const char *const *extra_readonly_paths;
    /* File descriptors the child keeps (besides 0, 1, 2; at most 64); every
     * other inherited descriptor is closed before user code runs. */
    const int *keep_fds;
    size_t keep_fd_count;
};

struct sandbox_error {
    char message[512]; /* "<layer>: <call>: <strerror>" */
};

/*
 * Forks a confined worker. Returns the child's pid (as seen by the caller)
 * in the parent, 0 in the fully confined child, -1 in the parent with
 * `error` filled when any layer failed (the half-made child is killed and
 * reaped before returning). The caller owns the child and must reap it.
 *
 * Call it from a single-threaded process: the clone is raw (no atfork
 * handlers; wrap it in PyOS_BeforeFork/AfterFork_*), and the parent-death
 * signal fires when the calling thread exits. The child inherits the
 * caller's signal mask and dispositions, and fds 0-2 and keep_fds with their
 * close-on-exec flags as they are. A message starting "spawn:" names no
 * layer: a bad keep_fds, a failed socketpair, a child that died.
 */
pid_t sandbox_spawn(const struct sandbox_config *config, struct sandbox_error *error);

/*
 * Checks at start-up that every enabled layer can be set up on this host,
 * by spawning a throw-away worker that confines itself and exits. Returns 0,
 * or -1 with the first failing layer in `error`, so the server can refuse to
 * start and say why.
 */
int sandbox_probe(const struct sandbox_config *config, struct sandbox_error *error);

/* "namespaces", "filesystem", ... for messages and flag parsing; NULL if unknown. */
const char *sandbox_layer_name(enum sandbox_layer layer);

#ifdef __cplusplus
}
#endif

#endif
