/* Process hygiene applied to every worker, whatever layers are enabled:
 * it dies with the zygote, leads its own session and inherits no
 * descriptor it was not given. */
#include "layers.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

/* PR_SET_PDEATHSIG fires when the thread that cloned us exits: the zygote is
 * single-threaded, so that is the zygote. Any uid change clears it, so the
 * sequence sets it again after the privileges layer. */
int process_die_with_parent(const struct sandbox_plan *plan, struct sandbox_error *error) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        return sandbox_fail(error, "spawn", errno, "prctl(PR_SET_PDEATHSIG, SIGKILL)");
    /* The parent may have died before the signal was armed. In a new pid
     * namespace getppid() is always 0; there the spawn channel tells: the
     * id-map byte never comes, or the final report cannot be sent. */
    if (!plan_has(plan, SANDBOX_LAYER_NAMESPACES) && getppid() != plan->parent)
        return sandbox_fail(error, "spawn", 0, "parent exited during the spawn");
    return 0;
}

/* Its own session and process group: kill(0, ...) and kill(-pgid, ...)
 * from user code reach only the worker's processes, a terminal's Ctrl-C or
 * hang-up never reaches the worker, and it has no controlling terminal to
 * push input into. */
int process_new_session(struct sandbox_error *error) {
    if (setsid() < 0) return sandbox_fail(error, "spawn", errno, "setsid");
    return 0;
}

/* Closes every descriptor above 2 except the sorted keep list, so nothing
 * the zygote holds (the control socket, other workers' channels, log files)
 * reaches user code. */
int process_close_inherited_fds(const struct sandbox_plan *plan, struct sandbox_error *error) {
    unsigned first = 3;
    for (size_t i = 0; i <= plan->keep_fd_count; i++) {
        unsigned keep = i < plan->keep_fd_count ? (unsigned)plan->keep_fds[i] : ~0u;
        if (keep > first && close_range(first, keep - 1, 0) != 0)
            return sandbox_fail(error, "spawn", errno, "close_range(%u, %u)", first, keep - 1);
        if (keep >= first) first = keep + 1;
    }
    return 0;
}
