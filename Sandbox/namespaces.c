/*
 * Layer 1, namespaces: the worker starts in new user, pid, network, mount,
 * ipc, uts and cgroup namespaces. It is pid 1 of its pid namespace, so when
 * it dies the kernel kills everything it started; its network namespace has
 * only a loopback interface that is down; it cannot see or signal any host
 * process, including the zygote and the other workers.
 *
 * Inside ids map to outside ids from the config: inside 0 (used only while
 * the filesystem is built) and the worker's id SANDBOX_WORKER_ID. The parent
 * is privileged, so it writes both maps itself and leaves setgroups allowed:
 * the child then drops its supplementary groups with setgroups(0, NULL).
 */
#include "layers.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

/* For messages: the flags of NAMESPACE_FLAGS. */
#define NAMESPACE_FLAG_NAMES "CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET|CLONE_NEWNS|" \
                             "CLONE_NEWIPC|CLONE_NEWUTS|CLONE_NEWCGROUP"

/* What user code reads from uname() and socket.gethostname(). */
static const char hostname[] = "sandbox";

/* Both sides return, like fork(). Raw, because glibc's clone() wants a new
 * stack and a function; without CLONE_VM the child runs on a copy of ours.
 * It also skips glibc's fork bookkeeping (atfork handlers, the cached tid in
 * the thread descriptor): the child never relies on either before it is a
 * worker, and the zygote runs Python's own fork hooks around the call. */
pid_t namespaces_clone(const struct sandbox_plan *plan, struct sandbox_error *error) {
    unsigned long flags = SIGCHLD;
    if (plan_has(plan, SANDBOX_LAYER_NAMESPACES)) flags |= NAMESPACE_FLAGS;
    pid_t pid = (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
    if (pid < 0)
        return sandbox_fail(error, flags & CLONE_NEWUSER ? "namespaces" : "spawn", errno,
                            "clone(%s)", flags & CLONE_NEWUSER ? NAMESPACE_FLAG_NAMES : "SIGCHLD");
    return pid;
}

static int write_map(pid_t child, const char *file, const char *map, struct sandbox_error *error) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int)child, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return sandbox_fail(error, "namespaces", errno, "open(%s)", path);
    ssize_t written = write(fd, map, strlen(map));
    int saved = errno;
    close(fd);
    if (written != (ssize_t)strlen(map))
        return sandbox_fail(error, "namespaces", written < 0 ? saved : EIO, "write(%s, \"%s\")", path, map);
    return 0;
}

/* Parent: maps inside 0 and SANDBOX_WORKER_ID, then releases the child. */
int namespaces_map_ids(const struct sandbox_plan *plan, pid_t child, int channel,
                       struct sandbox_error *error) {
    char map[96];
    snprintf(map, sizeof map, "0 %u 1\n%u %u 1\n", (unsigned)plan->outside_id_base,
             SANDBOX_WORKER_ID, (unsigned)plan->outside_id_base + 1);
    if (write_map(child, "uid_map", map, error) || write_map(child, "gid_map", map, error))
        return -1;
    if (send(channel, "", 1, MSG_NOSIGNAL) != 1)
        return sandbox_fail(error, "namespaces", errno, "send(spawn channel)");
    return 0;
}

/* Child: waits for the maps, then becomes root of its user namespace. Until
 * the maps exist it runs as the overflow id, and even creating a file on its
 * own tmpfs fails with EOVERFLOW. */
int namespaces_become_root(const struct sandbox_plan *plan, struct sandbox_error *error) {
    char go;
    ssize_t got = recv(plan->channel, &go, 1, 0);
    if (got != 1)
        return sandbox_fail(error, "namespaces", got < 0 ? errno : EPIPE, "recv(spawn channel)");
    if (setresgid(0, 0, 0) != 0) return sandbox_fail(error, "namespaces", errno, "setresgid(0, 0, 0)");
    if (setresuid(0, 0, 0) != 0) return sandbox_fail(error, "namespaces", errno, "setresuid(0, 0, 0)");
    if (sethostname(hostname, strlen(hostname)) != 0)
        return sandbox_fail(error, "namespaces", errno, "sethostname(%s)", hostname);
    return 0;
}
