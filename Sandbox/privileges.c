/*
 * Layer 4, privileges: the worker runs as an unprivileged uid/gid with no
 * supplementary groups, no capability in any set (bounding, permitted,
 * effective, inheritable, ambient), and no_new_privs, so no setuid file,
 * file capability or exec can give any of it back.
 *
 * Order matters: dropping the bounding set needs CAP_SETPCAP, and the uid
 * change needs CAP_SETUID, so both happen as root; the change to a non-zero
 * uid then clears permitted and effective but not inheritable, which is
 * cleared explicitly and everything is checked with capget.
 */
#include "layers.h"

#include <errno.h>
#include <grp.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

static int drop_bounding_and_ambient(struct sandbox_error *error) {
    for (cap_value_t cap = 0; cap < (cap_value_t)cap_max_bits(); cap++)
        if (cap_drop_bound(cap) != 0)
            return sandbox_fail(error, "privileges", errno, "cap_drop_bound(%d)", (int)cap);
    if (cap_reset_ambient() != 0) return sandbox_fail(error, "privileges", errno, "cap_reset_ambient()");
    return 0;
}

static int become_worker(uid_t id, struct sandbox_error *error) {
    if (setgroups(0, NULL) != 0) return sandbox_fail(error, "privileges", errno, "setgroups(0, NULL)");
    if (setresgid(id, id, id) != 0) return sandbox_fail(error, "privileges", errno, "setresgid(%u)", id);
    if (setresuid(id, id, id) != 0) return sandbox_fail(error, "privileges", errno, "setresuid(%u)", id);
    return 0;
}

/* Reads the sets back from the kernel rather than trusting the steps. */
static int verify_no_capabilities(struct sandbox_error *error) {
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3};
    struct __user_cap_data_struct sets[_LINUX_CAPABILITY_U32S_3] = {{0}};
    if (capget(&header, sets) != 0) return sandbox_fail(error, "privileges", errno, "capget");
    for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
        if (sets[i].effective || sets[i].permitted || sets[i].inheritable)
            return sandbox_fail(error, "privileges", 0, "capget: capabilities left after the drop");
    for (cap_value_t cap = 0; cap < (cap_value_t)cap_max_bits(); cap++)
        if (cap_get_bound(cap) != 0 || cap_get_ambient(cap) > 0)
            return sandbox_fail(error, "privileges", 0, "capability %d left in the bounding or ambient set", (int)cap);
    return 0;
}

int privileges_drop(const struct sandbox_plan *plan, struct sandbox_error *error) {
    if (drop_bounding_and_ambient(error)) return -1;
    if (become_worker(plan->worker_id, error)) return -1;
    if (cap_set_proc(plan->no_capabilities) != 0)
        return sandbox_fail(error, "privileges", errno, "cap_set_proc(no capabilities)");
    if (verify_no_capabilities(error)) return -1;
    /* The kernel already made us non-dumpable on the uid change when
     * fs.suid_dumpable is 0; say so explicitly instead of relying on a
     * sysctl: no core file, and no ptrace or /proc/<pid>/mem access to the
     * worker from a process of the same uid. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        return sandbox_fail(error, "privileges", errno, "prctl(PR_SET_DUMPABLE, 0)");
    return 0;
}

/* After the parent-death signal is set again (the uid change cleared it). */
int privileges_forbid_new(struct sandbox_error *error) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return sandbox_fail(error, "privileges", errno, "prctl(PR_SET_NO_NEW_PRIVS, 1)");
    return 0;
}
