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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* A child that takes longer than this to confine itself is stuck. */
#define SPAWN_TIMEOUT_MS 10000

/* The sequence, in order; a step that fails stops it. */
static int confine(const struct sandbox_plan *plan, struct sandbox_error *error) {
    if (process_die_with_parent(plan, error)) return -1;
    for (unsigned layer = SANDBOX_LAYER_NAMESPACES; layer <= SANDBOX_LAYER_SECCOMP; layer <<= 1)
        if (plan_has(plan, layer))
            return sandbox_fail(error, sandbox_layer_name(layer), 0, "not implemented yet");
    if (process_close_inherited_fds(plan, error)) return -1;
    return 0;
}

static int compare_fds(const void *a, const void *b) {
    return *(const int *)a - *(const int *)b;
}

static int plan_prepare(const struct sandbox_config *config, int channel,
                        struct sandbox_plan *plan, struct sandbox_error *error) {
    *plan = (struct sandbox_plan){
        .layers = SANDBOX_LAYER_ALL & ~config->disabled_layers,
        .parent = getpid(),
        .channel = channel,
    };
    if (config->keep_fd_count > SANDBOX_MAX_KEEP_FDS)
        return sandbox_fail(error, "spawn", 0, "keep_fd_count %zu exceeds %d",
                            config->keep_fd_count, SANDBOX_MAX_KEEP_FDS);
    for (size_t i = 0; i < config->keep_fd_count; i++) {
        if (config->keep_fds[i] < 0)
            return sandbox_fail(error, "spawn", EBADF, "keep_fds[%zu] = %d", i, config->keep_fds[i]);
        plan->keep_fds[plan->keep_fd_count++] = config->keep_fds[i];
    }
    plan->keep_fds[plan->keep_fd_count++] = channel;
    qsort(plan->keep_fds, plan->keep_fd_count, sizeof *plan->keep_fds, compare_fds);
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

pid_t sandbox_spawn(const struct sandbox_config *config, struct sandbox_error *error) {
    int channel[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, channel) != 0)
        return sandbox_fail(error, "spawn", errno, "socketpair(AF_UNIX, SOCK_SEQPACKET)");
    struct sandbox_plan plan;
    pid_t pid = -1;
    if (plan_prepare(config, channel[1], &plan, error) == 0) {
        /* A raw clone is fork() without glibc's atfork handlers; the caller
         * wraps the call in PyOS_BeforeFork()/PyOS_AfterFork_*() itself. */
        pid = (pid_t)syscall(SYS_clone, (unsigned long)SIGCHLD, NULL, NULL, NULL, NULL);
        if (pid == 0) {
            close(channel[0]);
            child_confine_and_report(&plan);
            return 0;
        }
        if (pid < 0)
            sandbox_fail(error, "spawn", errno, "clone");
    }
    close(channel[1]);
    if (pid > 0) pid = parent_await_report(pid, channel[0], error);
    close(channel[0]);
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
