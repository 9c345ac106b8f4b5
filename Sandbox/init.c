/* The init of the worker's pid namespace: the worker runs as pid 2 under a
 * minimal pid 1, as it does under bubblewrap.
 *
 * Why not let the worker be pid 1: the kernel shields a namespace's init
 * from every signal sent from inside the namespace that it has no handler
 * for. As pid 1, `os.kill(os.getpid(), signal.SIGKILL)` or an `abort()`'s
 * SIGABRT would be ignored and the code would carry on, where python3 dies
 * and a shell reports 128 + the signal.
 *
 * The init holds no descriptor, ignores every signal from inside, reaps the
 * orphans of the worker's processes, and when the worker ends exits with
 * its status as a shell reports it (n, or 128 + signal). Its exit ends
 * every process left in the namespace; SIGKILLing it from outside ends the
 * whole namespace, worker included. Its own seccomp filter allows only
 * waiting and exiting, and it is not dumpable, so code in the worker (same
 * uid) can neither trace it nor write its memory through /proc. */
#include "layers.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define ALLOW_CALL(nr) \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

/* Exit code of an init that could not confine itself (sysexits' EX_OSERR). */
#define INIT_SETUP_FAILED 71

static void init_confine(void) {
    static struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        ALLOW_CALL(__NR_wait4),
        ALLOW_CALL(__NR_exit_group),
        ALLOW_CALL(__NR_exit),
        ALLOW_CALL(__NR_rt_sigreturn),
        ALLOW_CALL(__NR_restart_syscall),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    };
    struct sock_fprog program = {.len = sizeof filter / sizeof filter[0], .filter = filter};
    for (int signal_number = 1; signal_number < NSIG; signal_number++) signal(signal_number, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (close_range(0, ~0u, 0) != 0 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 ||
        prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0)
        _exit(INIT_SETUP_FAILED);
}

static void init_run(pid_t worker) __attribute__((noreturn));
static void init_run(pid_t worker) {
    init_confine();
    for (;;) {
        int status = 0;
        pid_t ended = waitpid(-1, &status, __WALL);
        if (ended == worker) _exit(WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status));
        if (ended < 0 && errno != EINTR) _exit(INIT_SETUP_FAILED);
    }
}

int init_start(struct sandbox_error *error) {
    pid_t worker = fork();
    if (worker < 0) return sandbox_fail(error, "init", errno, "fork");
    if (worker > 0) init_run(worker);
    /* fork() cleared the parent-death signal; the init's death ends the
     * namespace anyway, but the worker keeps the promise on its own. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        return sandbox_fail(error, "init", errno, "prctl(PR_SET_PDEATHSIG, SIGKILL)");
    return 0;
}
