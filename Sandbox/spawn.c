/*
 * sandbox_spawn: the one ordered confinement sequence (confine() below) and
 * the parent's side of the spawn.
 *
 * Parent and child talk over a SOCK_SEQPACKET socketpair, the spawn channel:
 * the parent sends one byte once the child's id maps are written, the child
 * answers with one message, "" when fully confined or the failure text. The
 * channel is close-on-exec and the child closes its end before returning, so
 * user code never sees it.
 */
#include "layers.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* A child that takes longer than this to confine itself is stuck. */
#define SPAWN_TIMEOUT_MS 10000

/* The sequence, in order; the first step that fails stops it. */
static int confine(const struct sandbox_plan *plan, struct sandbox_error *error) {
    if (process_die_with_parent(plan, error)) return -1;
    if (process_new_session(error)) return -1;
    if (plan_has(plan, SANDBOX_LAYER_NAMESPACES) && namespaces_become_root(plan, error)) return -1;
    if (plan_has(plan, SANDBOX_LAYER_FILESYSTEM) && filesystem_build_root(plan, error)) return -1;
    if (plan_has(plan, SANDBOX_LAYER_RLIMITS) && rlimits_apply(plan, error)) return -1;
    if (process_close_inherited_fds(plan, error)) return -1;
    if (plan_has(plan, SANDBOX_LAYER_PRIVILEGES) && privileges_drop(plan, error)) return -1;
    if (process_die_with_parent(plan, error)) return -1; /* the uid change cleared it */
    if (plan_has(plan, SANDBOX_LAYER_PRIVILEGES) && privileges_forbid_new(error)) return -1;
    if (plan_has(plan, SANDBOX_LAYER_NAMESPACES) && init_start(error)) return -1; /* now pid 2 */
    if (plan_has(plan, SANDBOX_LAYER_SECCOMP) && seccomp_install(plan, error)) return -1;
    return 0;
}

/* Runs in the child: confine, report, and either return as the worker or exit. */
static void child_confine_and_report(const struct sandbox_plan *plan) {
    struct sandbox_error error = {{0}};
    int failed = confine(plan, &error);
    size_t length = strlen(error.message) + 1;
    if (send(plan->channel, error.message, length, MSG_NOSIGNAL) != (ssize_t)length || failed)
        _exit(127);
    close(plan->channel);
}

static void kill_and_reap(pid_t pid) {
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
}

/* Describes how a child that closed the channel without a report ended. */
static int fail_child_died(pid_t pid, struct sandbox_error *error) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(status))
        return sandbox_fail(error, "spawn", 0, "child killed by signal %d during confinement",
                            WTERMSIG(status));
    return sandbox_fail(error, "spawn", 0, "child exited with %d during confinement",
                        WEXITSTATUS(status));
}

/* Parent: waits for the child's report; on any failure the child is killed
 * and reaped, so no half-confined worker outlives the call. */
static pid_t parent_await_report(pid_t pid, int channel, struct sandbox_error *error) {
    struct pollfd ready = {.fd = channel, .events = POLLIN};
    int polled;
    while ((polled = poll(&ready, 1, SPAWN_TIMEOUT_MS)) < 0 && errno == EINTR) {}
    if (polled <= 0) {
        kill_and_reap(pid);
        return sandbox_fail(error, "spawn", polled ? errno : ETIMEDOUT, "waiting for the child");
    }
    char report[sizeof error->message];
    ssize_t got = recv(channel, report, sizeof report - 1, 0);
    if (got <= 0) return fail_child_died(pid, error);
    report[got] = '\0';
    if (report[0] == '\0') return pid;
    kill_and_reap(pid);
    memcpy(error->message, report, (size_t)got + 1);
    return -1;
}

/* Parent: releases the child (id maps) and waits for its report. */
static pid_t parent_finish_spawn(const struct sandbox_plan *plan, pid_t pid, int channel,
                                 struct sandbox_error *error) {
    if (plan_has(plan, SANDBOX_LAYER_NAMESPACES) && namespaces_map_ids(plan, pid, channel, error)) {
        kill_and_reap(pid);
        return -1;
    }
    return parent_await_report(pid, channel, error);
}

pid_t sandbox_spawn(const struct sandbox_config *config, struct sandbox_error *error) {
    int channel[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, channel) != 0)
        return sandbox_fail(error, "spawn", errno, "socketpair(AF_UNIX, SOCK_SEQPACKET)");
    struct sandbox_plan plan;
    pid_t pid = -1;
    if (plan_prepare(config, channel[1], &plan, error) == 0) pid = namespaces_clone(&plan, error);
    if (pid == 0) {
        close(channel[0]);
        child_confine_and_report(&plan);
        return 0;
    }
    close(channel[1]);
    if (pid > 0) pid = parent_finish_spawn(&plan, pid, channel[0], error);
    close(channel[0]);
    plan_release(&plan);
    return pid;
}

int sandbox_probe(const struct sandbox_config *config, struct sandbox_error *error) {
    pid_t pid = sandbox_spawn(config, error);
    if (pid == 0) _exit(0);
    if (pid < 0) return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
    return sandbox_fail(error, "spawn", 0, "probe worker ended with status 0x%x", status);
}
