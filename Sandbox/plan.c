/*
 * The parent's half of the preparation: checks the config and turns it into
 * a struct sandbox_plan the child can follow without allocating anything.
 */
#include "layers.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Paths where the sandbox mounts its own file systems: an extra bind there
 * would be hidden or would hide them. */
static const char *const reserved_paths[] = {"/tmp", "/proc", "/dev"};

static bool is_at_or_under(const char *path, const char *directory) {
    size_t length = strlen(directory);
    return strncmp(path, directory, length) == 0 && (path[length] == '\0' || path[length] == '/');
}

static int compare_fds(const void *a, const void *b) {
    return *(const int *)a - *(const int *)b;
}

static int plan_keep_fds(const struct sandbox_config *config, struct sandbox_plan *plan,
                         struct sandbox_error *error) {
    if (config->keep_fd_count > SANDBOX_MAX_KEEP_FDS)
        return sandbox_fail(error, "spawn", 0, "keep_fd_count %zu exceeds %d",
                            config->keep_fd_count, SANDBOX_MAX_KEEP_FDS);
    for (size_t i = 0; i < config->keep_fd_count; i++) {
        if (config->keep_fds[i] < 0)
            return sandbox_fail(error, "spawn", EBADF, "keep_fds[%zu] = %d", i, config->keep_fds[i]);
        plan->keep_fds[plan->keep_fd_count++] = config->keep_fds[i];
    }
    plan->keep_fds[plan->keep_fd_count++] = plan->channel;
    qsort(plan->keep_fds, plan->keep_fd_count, sizeof *plan->keep_fds, compare_fds);
    return 0;
}

/* Resolved here, on the host's view, so the child binds real directories,
 * never a symlink that would mean something else inside the new root. */
static int plan_extra_paths(const struct sandbox_config *config, struct sandbox_plan *plan,
                            struct sandbox_error *error) {
    size_t count = 0;
    while (config->extra_readonly_paths && config->extra_readonly_paths[count]) count++;
    if (count == 0) return 0;
    plan->extra_paths = calloc(count, sizeof *plan->extra_paths);
    if (!plan->extra_paths) return sandbox_fail(error, "filesystem", ENOMEM, "calloc");
    for (size_t i = 0; i < count; i++) {
        const char *path = config->extra_readonly_paths[i];
        char *resolved = realpath(path, NULL);
        if (!resolved) return sandbox_fail(error, "filesystem", errno, "realpath(%s)", path);
        plan->extra_paths[plan->extra_path_count++] = resolved;
        if (strcmp(resolved, "/") == 0)
            return sandbox_fail(error, "filesystem", 0, "extra read-only path %s is the host root", path);
        for (size_t r = 0; r < sizeof reserved_paths / sizeof *reserved_paths; r++)
            if (is_at_or_under(resolved, reserved_paths[r]))
                return sandbox_fail(error, "filesystem", 0, "extra read-only path %s is under the sandbox's own %s",
                                    path, reserved_paths[r]);
    }
    return 0;
}

static int plan_check_layers(const struct sandbox_config *config, struct sandbox_error *error) {
    unsigned layers = SANDBOX_LAYER_ALL & ~config->disabled_layers;
    if ((layers & SANDBOX_LAYER_FILESYSTEM) && !(layers & SANDBOX_LAYER_NAMESPACES))
        return sandbox_fail(error, "filesystem", 0, "needs the namespaces layer (a private mount namespace)");
    /* Inside root (set-up only) maps to outside_id_base: never the host's root. */
    if ((layers & (SANDBOX_LAYER_NAMESPACES | SANDBOX_LAYER_PRIVILEGES)) &&
        (config->outside_id_base == 0 || config->outside_id_base >= (uid_t)-2))
        return sandbox_fail(error, layers & SANDBOX_LAYER_NAMESPACES ? "namespaces" : "privileges", 0,
                            "outside_id_base %u is not an unused id range (0 is the host's root)",
                            (unsigned)config->outside_id_base);
    if ((unsigned)config->seccomp_profile > SANDBOX_SECCOMP_PERMISSIVE)
        return sandbox_fail(error, "seccomp", EINVAL, "unknown profile %d", (int)config->seccomp_profile);
    return 0;
}

int plan_prepare(const struct sandbox_config *config, int channel, struct sandbox_plan *plan,
                 struct sandbox_error *error) {
    *plan = (struct sandbox_plan){
        .layers = SANDBOX_LAYER_ALL & ~config->disabled_layers,
        .parent = getpid(),
        .channel = channel,
        .outside_id_base = config->outside_id_base,
        .limits = config->limits,
        .tmpfs_bytes = config->limits.tmpfs_bytes ? config->limits.tmpfs_bytes : SANDBOX_DEFAULT_TMPFS_BYTES,
        .seccomp_profile = config->seccomp_profile,
    };
    plan->worker_id = plan_has(plan, SANDBOX_LAYER_NAMESPACES) ? SANDBOX_WORKER_ID : config->outside_id_base + 1;
    if (plan_check_layers(config, error) || plan_keep_fds(config, plan, error)) return -1;
    if (plan_has(plan, SANDBOX_LAYER_FILESYSTEM) && plan_extra_paths(config, plan, error)) return -1;
    if (plan_has(plan, SANDBOX_LAYER_PRIVILEGES) && !(plan->no_capabilities = cap_init()))
        return sandbox_fail(error, "privileges", errno, "cap_init");
    if (plan_has(plan, SANDBOX_LAYER_SECCOMP) &&
        seccomp_prepare(plan->seccomp_profile, &plan->seccomp_program, error))
        return -1;
    return 0;
}

/* Parent, after the clone; the child's copy is never freed (the worker
 * keeps it until it exits, a few hundred bytes). */
void plan_release(struct sandbox_plan *plan) {
    for (size_t i = 0; i < plan->extra_path_count; i++) free(plan->extra_paths[i]);
    free(plan->extra_paths);
    if (plan->no_capabilities) cap_free(plan->no_capabilities);
}
