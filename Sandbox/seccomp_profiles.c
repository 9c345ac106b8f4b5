/*
 * The seccomp profiles, as data.
 *
 * Allow-list, not deny-list: a call that no row allows, or a form of it no
 * row allows (an ioctl request, a prctl option), fails with ENOSYS, as if
 * this kernel did not have it. A deny-list lets through every call added
 * to the kernel after it was written (io_uring was such a call) and any
 * call reached by an unexpected route (x32 numbers on x86_64); an allow-list
 * fails closed, and ENOSYS, unlike EPERM, is what glibc and CPython expect
 * from a missing call and fall back from (clone3, faccessat2, close_range).
 *
 * Calls that exist to change the kernel, other processes or the sandbox are
 * refused explicitly with EPERM, so Python raises PermissionError with a
 * clear message and the tests can tell "refused" from "unknown".
 *
 * Two profiles:
 *   strict      threads but no new processes (clone only with CLONE_THREAD),
 *               no exec, no new sockets: the worker keeps the descriptors it
 *               was given (its channel to the server) and nothing else.
 *   permissive  processes and exec inside the sandbox (the pid namespace,
 *               RLIMIT_NPROC and the read-only root still hold them), AF_UNIX
 *               sockets for multiprocessing and asyncio, still no network:
 *               no AF_INET, AF_INET6, AF_NETLINK (the kernel's largest socket
 *               attack surface, nf_tables included) or AF_PACKET.
 * Neither allows a new namespace: unshare and setns are refused and clone
 * with any CLONE_NEW* flag is refused, so no worker gets the capabilities a
 * nested user namespace would give it.
 */
#include "layers.h"
#include "seccomp_profiles.h"

#include <errno.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#define ALLOW SCMP_ACT_ALLOW
#define REFUSE SCMP_ACT_ERRNO(EPERM)
#define ALWAYS(call, action) {call, action, 0, {0}}
#define IF_ARG(call, action, arg, op, a, b) {call, action, 1, {arg, op, a, b}}
#define IF_ARG_IS(call, action, arg, value) IF_ARG(call, action, arg, SCMP_CMP_EQ, value, 0)
#define IF_FLAG_SET(call, flag) IF_ARG(call, REFUSE, 0, SCMP_CMP_MASKED_EQ, flag, flag)
/* For arguments the kernel reads as a 32-bit int (an ioctl request, a prctl
 * option, a personality): compare the low 32 bits, as the kernel does, so a
 * value a C caller sign-extended still matches. */
#define IF_INT_ARG_IS(call, arg, value) IF_ARG(call, ALLOW, arg, SCMP_CMP_MASKED_EQ, 0xffffffffu, value)
#define IF_IOCTL(request) IF_INT_ARG_IS("ioctl", 1, request)
#define IF_PRCTL(option) IF_INT_ARG_IS("prctl", 0, option)
#define TABLE(rows) {rows, sizeof rows / sizeof *rows}

/* Everything ordinary Python code, its threads and the standard library use. */
static const struct seccomp_rule allowed[] = {
    /* files and descriptors */
    ALWAYS("read", ALLOW), ALWAYS("write", ALLOW), ALWAYS("readv", ALLOW), ALWAYS("writev", ALLOW),
    ALWAYS("pread64", ALLOW), ALWAYS("pwrite64", ALLOW), ALWAYS("preadv", ALLOW),
    ALWAYS("pwritev", ALLOW), ALWAYS("preadv2", ALLOW), ALWAYS("pwritev2", ALLOW),
    ALWAYS("open", ALLOW), ALWAYS("openat", ALLOW), ALWAYS("openat2", ALLOW), ALWAYS("creat", ALLOW),
    ALWAYS("close", ALLOW), ALWAYS("close_range", ALLOW), ALWAYS("lseek", ALLOW),
    ALWAYS("stat", ALLOW), ALWAYS("fstat", ALLOW), ALWAYS("lstat", ALLOW), ALWAYS("newfstatat", ALLOW),
    ALWAYS("statx", ALLOW), ALWAYS("statfs", ALLOW), ALWAYS("fstatfs", ALLOW),
    ALWAYS("access", ALLOW), ALWAYS("faccessat", ALLOW), ALWAYS("faccessat2", ALLOW),
    ALWAYS("getdents", ALLOW), ALWAYS("getdents64", ALLOW), ALWAYS("getcwd", ALLOW),
    ALWAYS("chdir", ALLOW), ALWAYS("fchdir", ALLOW), ALWAYS("mkdir", ALLOW), ALWAYS("mkdirat", ALLOW),
    ALWAYS("rmdir", ALLOW), ALWAYS("unlink", ALLOW), ALWAYS("unlinkat", ALLOW),
    ALWAYS("rename", ALLOW), ALWAYS("renameat", ALLOW), ALWAYS("renameat2", ALLOW),
    ALWAYS("link", ALLOW), ALWAYS("linkat", ALLOW), ALWAYS("symlink", ALLOW), ALWAYS("symlinkat", ALLOW),
    ALWAYS("readlink", ALLOW), ALWAYS("readlinkat", ALLOW), ALWAYS("umask", ALLOW),
    ALWAYS("chmod", ALLOW), ALWAYS("fchmod", ALLOW), ALWAYS("fchmodat", ALLOW), ALWAYS("fchmodat2", ALLOW),
    ALWAYS("chown", ALLOW), ALWAYS("fchown", ALLOW), ALWAYS("lchown", ALLOW), ALWAYS("fchownat", ALLOW),
    ALWAYS("truncate", ALLOW), ALWAYS("ftruncate", ALLOW), ALWAYS("fallocate", ALLOW),
    ALWAYS("fadvise64", ALLOW), ALWAYS("readahead", ALLOW), ALWAYS("fsync", ALLOW),
    ALWAYS("fdatasync", ALLOW), ALWAYS("sync_file_range", ALLOW),
    ALWAYS("dup", ALLOW), ALWAYS("dup2", ALLOW), ALWAYS("dup3", ALLOW), ALWAYS("fcntl", ALLOW),
    ALWAYS("flock", ALLOW), ALWAYS("pipe", ALLOW), ALWAYS("pipe2", ALLOW),
    ALWAYS("mknod", ALLOW), ALWAYS("mknodat", ALLOW), /* fifos: devices need CAP_MKNOD */
    ALWAYS("utime", ALLOW), ALWAYS("utimes", ALLOW), ALWAYS("utimensat", ALLOW), ALWAYS("futimesat", ALLOW),
    ALWAYS("getxattr", ALLOW), ALWAYS("lgetxattr", ALLOW), ALWAYS("fgetxattr", ALLOW),
    ALWAYS("listxattr", ALLOW), ALWAYS("llistxattr", ALLOW), ALWAYS("flistxattr", ALLOW),
    ALWAYS("setxattr", ALLOW), ALWAYS("lsetxattr", ALLOW), ALWAYS("fsetxattr", ALLOW),
    ALWAYS("removexattr", ALLOW), ALWAYS("lremovexattr", ALLOW), ALWAYS("fremovexattr", ALLOW),
    ALWAYS("copy_file_range", ALLOW), ALWAYS("sendfile", ALLOW), ALWAYS("splice", ALLOW),
    ALWAYS("tee", ALLOW), ALWAYS("vmsplice", ALLOW), ALWAYS("memfd_create", ALLOW),
    ALWAYS("inotify_init", ALLOW), ALWAYS("inotify_init1", ALLOW),
    ALWAYS("inotify_add_watch", ALLOW), ALWAYS("inotify_rm_watch", ALLOW),
    /* waiting */
    ALWAYS("select", ALLOW), ALWAYS("pselect6", ALLOW), ALWAYS("poll", ALLOW), ALWAYS("ppoll", ALLOW),
    ALWAYS("epoll_create", ALLOW), ALWAYS("epoll_create1", ALLOW), ALWAYS("epoll_ctl", ALLOW),
    ALWAYS("epoll_wait", ALLOW), ALWAYS("epoll_pwait", ALLOW), ALWAYS("epoll_pwait2", ALLOW),
    ALWAYS("eventfd", ALLOW), ALWAYS("eventfd2", ALLOW), ALWAYS("signalfd", ALLOW), ALWAYS("signalfd4", ALLOW),
    ALWAYS("timerfd_create", ALLOW), ALWAYS("timerfd_settime", ALLOW), ALWAYS("timerfd_gettime", ALLOW),
    ALWAYS("io_setup", ALLOW), ALWAYS("io_destroy", ALLOW), ALWAYS("io_submit", ALLOW),
    ALWAYS("io_cancel", ALLOW), ALWAYS("io_getevents", ALLOW), ALWAYS("io_pgetevents", ALLOW),
    /* memory (RLIMIT_AS bounds it) */
    ALWAYS("brk", ALLOW), ALWAYS("mmap", ALLOW), ALWAYS("munmap", ALLOW), ALWAYS("mprotect", ALLOW),
    ALWAYS("mremap", ALLOW), ALWAYS("msync", ALLOW), ALWAYS("mincore", ALLOW), ALWAYS("madvise", ALLOW),
    ALWAYS("mlock", ALLOW), ALWAYS("mlock2", ALLOW), ALWAYS("munlock", ALLOW),
    ALWAYS("mlockall", ALLOW), ALWAYS("munlockall", ALLOW), ALWAYS("membarrier", ALLOW),
    ALWAYS("pkey_alloc", ALLOW), ALWAYS("pkey_free", ALLOW), ALWAYS("pkey_mprotect", ALLOW),
    ALWAYS("mseal", ALLOW), ALWAYS("map_shadow_stack", ALLOW),
    /* threads and scheduling */
    ALWAYS("futex", ALLOW), ALWAYS("futex_waitv", ALLOW), ALWAYS("set_robust_list", ALLOW),
    ALWAYS("get_robust_list", ALLOW), ALWAYS("set_tid_address", ALLOW), ALWAYS("rseq", ALLOW),
    ALWAYS("exit", ALLOW), ALWAYS("exit_group", ALLOW), ALWAYS("wait4", ALLOW), ALWAYS("waitid", ALLOW),
    ALWAYS("arch_prctl", ALLOW), ALWAYS("sched_yield", ALLOW), ALWAYS("sched_getaffinity", ALLOW),
    ALWAYS("sched_setaffinity", ALLOW), ALWAYS("sched_getparam", ALLOW), ALWAYS("sched_setparam", ALLOW),
    ALWAYS("sched_getscheduler", ALLOW), ALWAYS("sched_setscheduler", ALLOW),
    ALWAYS("sched_get_priority_max", ALLOW), ALWAYS("sched_get_priority_min", ALLOW),
    ALWAYS("sched_rr_get_interval", ALLOW), ALWAYS("sched_getattr", ALLOW), ALWAYS("sched_setattr", ALLOW),
    ALWAYS("getpriority", ALLOW), ALWAYS("setpriority", ALLOW), ALWAYS("ioprio_get", ALLOW),
    ALWAYS("ioprio_set", ALLOW), ALWAYS("getcpu", ALLOW),
    /* signals and time; the pid namespace limits kill() to the worker's own */
    ALWAYS("rt_sigaction", ALLOW), ALWAYS("rt_sigprocmask", ALLOW), ALWAYS("rt_sigreturn", ALLOW),
    ALWAYS("rt_sigpending", ALLOW), ALWAYS("rt_sigsuspend", ALLOW), ALWAYS("rt_sigtimedwait", ALLOW),
    ALWAYS("rt_sigqueueinfo", ALLOW), ALWAYS("rt_tgsigqueueinfo", ALLOW), ALWAYS("sigaltstack", ALLOW),
    ALWAYS("restart_syscall", ALLOW), ALWAYS("pause", ALLOW), ALWAYS("kill", ALLOW),
    ALWAYS("tkill", ALLOW), ALWAYS("tgkill", ALLOW), ALWAYS("pidfd_open", ALLOW),
    ALWAYS("pidfd_send_signal", ALLOW), ALWAYS("alarm", ALLOW), ALWAYS("getitimer", ALLOW),
    ALWAYS("setitimer", ALLOW), ALWAYS("timer_create", ALLOW), ALWAYS("timer_settime", ALLOW),
    ALWAYS("timer_gettime", ALLOW), ALWAYS("timer_getoverrun", ALLOW), ALWAYS("timer_delete", ALLOW),
    ALWAYS("clock_gettime", ALLOW), ALWAYS("clock_getres", ALLOW), ALWAYS("clock_nanosleep", ALLOW),
    ALWAYS("nanosleep", ALLOW), ALWAYS("gettimeofday", ALLOW), ALWAYS("time", ALLOW), ALWAYS("times", ALLOW),
    /* identity and limits; without capabilities the kernel refuses any real change */
    ALWAYS("getpid", ALLOW), ALWAYS("getppid", ALLOW), ALWAYS("gettid", ALLOW), ALWAYS("getpgid", ALLOW),
    ALWAYS("getpgrp", ALLOW), ALWAYS("getsid", ALLOW), ALWAYS("setsid", ALLOW), ALWAYS("setpgid", ALLOW),
    ALWAYS("getuid", ALLOW), ALWAYS("geteuid", ALLOW), ALWAYS("getgid", ALLOW), ALWAYS("getegid", ALLOW),
    ALWAYS("getresuid", ALLOW), ALWAYS("getresgid", ALLOW), ALWAYS("getgroups", ALLOW),
    ALWAYS("setuid", ALLOW), ALWAYS("setgid", ALLOW), ALWAYS("setreuid", ALLOW), ALWAYS("setregid", ALLOW),
    ALWAYS("setresuid", ALLOW), ALWAYS("setresgid", ALLOW), ALWAYS("setfsuid", ALLOW),
    ALWAYS("setfsgid", ALLOW), ALWAYS("setgroups", ALLOW), ALWAYS("capget", ALLOW), ALWAYS("capset", ALLOW),
    ALWAYS("getrlimit", ALLOW), ALWAYS("setrlimit", ALLOW), ALWAYS("prlimit64", ALLOW),
    ALWAYS("getrusage", ALLOW), ALWAYS("sysinfo", ALLOW), ALWAYS("uname", ALLOW), ALWAYS("getrandom", ALLOW),
    /* descriptors the worker already has (its channel); creating sockets is per profile */
    ALWAYS("sendto", ALLOW), ALWAYS("recvfrom", ALLOW), ALWAYS("sendmsg", ALLOW), ALWAYS("recvmsg", ALLOW),
    ALWAYS("sendmmsg", ALLOW), ALWAYS("recvmmsg", ALLOW), ALWAYS("shutdown", ALLOW),
    ALWAYS("getsockname", ALLOW), ALWAYS("getpeername", ALLOW), ALWAYS("getsockopt", ALLOW),
    ALWAYS("setsockopt", ALLOW),
    /* System V and POSIX IPC, private to the worker's ipc namespace */
    ALWAYS("shmget", ALLOW), ALWAYS("shmat", ALLOW), ALWAYS("shmdt", ALLOW), ALWAYS("shmctl", ALLOW),
    ALWAYS("semget", ALLOW), ALWAYS("semop", ALLOW), ALWAYS("semtimedop", ALLOW), ALWAYS("semctl", ALLOW),
    ALWAYS("msgget", ALLOW), ALWAYS("msgsnd", ALLOW), ALWAYS("msgrcv", ALLOW), ALWAYS("msgctl", ALLOW),
    ALWAYS("mq_open", ALLOW), ALWAYS("mq_unlink", ALLOW), ALWAYS("mq_timedsend", ALLOW),
    ALWAYS("mq_timedreceive", ALLOW), ALWAYS("mq_notify", ALLOW), ALWAYS("mq_getsetattr", ALLOW),
};

/* Refused in both profiles: calls that reach other processes, change the
 * kernel or the host, or rebuild the sandbox from inside. */
static const struct seccomp_rule refused[] = {
    ALWAYS("ptrace", REFUSE), ALWAYS("process_vm_readv", REFUSE), ALWAYS("process_vm_writev", REFUSE),
    ALWAYS("process_madvise", REFUSE), ALWAYS("process_mrelease", REFUSE), ALWAYS("kcmp", REFUSE),
    ALWAYS("pidfd_getfd", REFUSE),
    ALWAYS("mount", REFUSE), ALWAYS("umount", REFUSE), ALWAYS("umount2", REFUSE),
    ALWAYS("mount_setattr", REFUSE), ALWAYS("move_mount", REFUSE), ALWAYS("open_tree", REFUSE),
    ALWAYS("fsopen", REFUSE), ALWAYS("fsconfig", REFUSE), ALWAYS("fsmount", REFUSE), ALWAYS("fspick", REFUSE),
    ALWAYS("pivot_root", REFUSE), ALWAYS("chroot", REFUSE), ALWAYS("unshare", REFUSE), ALWAYS("setns", REFUSE),
    ALWAYS("bpf", REFUSE), ALWAYS("perf_event_open", REFUSE), ALWAYS("userfaultfd", REFUSE),
    ALWAYS("io_uring_setup", REFUSE), ALWAYS("io_uring_enter", REFUSE), ALWAYS("io_uring_register", REFUSE),
    ALWAYS("keyctl", REFUSE), ALWAYS("add_key", REFUSE), ALWAYS("request_key", REFUSE),
    ALWAYS("seccomp", REFUSE), /* user-notification listeners and filter stacking */
    ALWAYS("kexec_load", REFUSE), ALWAYS("kexec_file_load", REFUSE), ALWAYS("reboot", REFUSE),
    ALWAYS("init_module", REFUSE), ALWAYS("finit_module", REFUSE), ALWAYS("delete_module", REFUSE),
    ALWAYS("settimeofday", REFUSE), ALWAYS("clock_settime", REFUSE), ALWAYS("clock_adjtime", REFUSE),
    ALWAYS("adjtimex", REFUSE), ALWAYS("acct", REFUSE), ALWAYS("swapon", REFUSE), ALWAYS("swapoff", REFUSE),
    ALWAYS("quotactl", REFUSE), ALWAYS("quotactl_fd", REFUSE), ALWAYS("syslog", REFUSE),
    ALWAYS("vhangup", REFUSE), ALWAYS("iopl", REFUSE), ALWAYS("ioperm", REFUSE),
    ALWAYS("modify_ldt", REFUSE), ALWAYS("uselib", REFUSE), ALWAYS("ustat", REFUSE), ALWAYS("sysfs", REFUSE),
    ALWAYS("_sysctl", REFUSE), ALWAYS("lookup_dcookie", REFUSE), ALWAYS("name_to_handle_at", REFUSE),
    ALWAYS("open_by_handle_at", REFUSE), ALWAYS("fanotify_init", REFUSE),
    ALWAYS("sync", REFUSE), ALWAYS("syncfs", REFUSE), /* write back every host filesystem */
};

/* Allowed only in some forms, in both profiles; other forms get ENOSYS. */
static const struct seccomp_rule argument_checked[] = {
    /* glibc tries clone3 first; its arguments are in memory seccomp cannot
     * read, so it gets ENOSYS and glibc falls back to clone, which we check. */
    ALWAYS("clone3", SCMP_ACT_ERRNO(ENOSYS)),
    /* The requests CPython and common libraries make on files, pipes and
     * terminals: isatty(), terminal size, bytes ready, non-blocking,
     * close-on-exec (os.set_inheritable). Not TIOCSTI (typing into a
     * terminal the worker inherited), TIOCSETD (line disciplines, a
     * recurring source of kernel bugs), nor any device or network request. */
    IF_IOCTL(TCGETS), IF_IOCTL(TIOCGWINSZ), IF_IOCTL(TIOCGPGRP), IF_IOCTL(FIONREAD),
    IF_IOCTL(TIOCOUTQ), IF_IOCTL(FIONBIO), IF_IOCTL(FIOCLEX), IF_IOCTL(FIONCLEX),
    /* Querying is fine; changing it (ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC) is not. */
    IF_INT_ARG_IS("personality", 0, 0), IF_INT_ARG_IS("personality", 0, 0xffffffffu),
    /* prctl options libraries use on themselves; not PR_SET_DUMPABLE (it
     * would undo the privileges layer), PR_SET_MM, PR_SET_SECCOMP, ... */
    IF_PRCTL(PR_SET_NAME), IF_PRCTL(PR_GET_NAME),
    IF_PRCTL(PR_GET_DUMPABLE), IF_PRCTL(PR_SET_PDEATHSIG),
    IF_PRCTL(PR_GET_PDEATHSIG), IF_PRCTL(PR_SET_NO_NEW_PRIVS),
    IF_PRCTL(PR_GET_NO_NEW_PRIVS), IF_PRCTL(PR_GET_SECCOMP),
    IF_PRCTL(PR_CAPBSET_READ), IF_PRCTL(PR_GET_KEEPCAPS),
    IF_PRCTL(PR_SET_TIMERSLACK), IF_PRCTL(PR_GET_TIMERSLACK),
    IF_PRCTL(PR_SET_THP_DISABLE), IF_PRCTL(PR_GET_THP_DISABLE),
    IF_PRCTL(PR_GET_TID_ADDRESS), IF_PRCTL(PR_SET_VMA),
    IF_PRCTL(PR_SET_CHILD_SUBREAPER), IF_PRCTL(PR_GET_CHILD_SUBREAPER),
    IF_PRCTL(PR_GET_SPECULATION_CTRL), IF_PRCTL(PR_SET_SPECULATION_CTRL),
    IF_PRCTL(PR_CAP_AMBIENT),
};

/* clone with any CLONE_NEW* flag: refused in both profiles. */
#define CLONE_REFUSING_NAMESPACES                                                   \
    IF_FLAG_SET("clone", CLONE_NEWUSER), IF_FLAG_SET("clone", CLONE_NEWPID),         \
    IF_FLAG_SET("clone", CLONE_NEWNET), IF_FLAG_SET("clone", CLONE_NEWNS),           \
    IF_FLAG_SET("clone", CLONE_NEWIPC), IF_FLAG_SET("clone", CLONE_NEWUTS),          \
    IF_FLAG_SET("clone", CLONE_NEWCGROUP)

/* An AF_UNIX socketpair is a connected pair of descriptors reaching nothing
 * outside the process, no more than a pipe; asyncio's event loop needs one
 * for its self-pipe, so both profiles allow it and refuse every other family. */
#define SOCKETPAIR_UNIX_ONLY                                                       \
    IF_ARG_IS("socketpair", ALLOW, 0, AF_UNIX),                                     \
    IF_ARG("socketpair", REFUSE, 0, SCMP_CMP_LT, AF_UNIX, 0),                       \
    IF_ARG("socketpair", REFUSE, 0, SCMP_CMP_GT, AF_UNIX, 0)

/* Threads yes, processes no: clone needs CLONE_THREAD. No socket can be
 * created, so nothing can be bound, listened on or connected. */
static const struct seccomp_rule strict_only[] = {
    IF_ARG("clone", ALLOW, 0, SCMP_CMP_MASKED_EQ, CLONE_THREAD | NAMESPACE_FLAGS, CLONE_THREAD),
    IF_ARG("clone", REFUSE, 0, SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0),
    CLONE_REFUSING_NAMESPACES,
    ALWAYS("fork", REFUSE), ALWAYS("vfork", REFUSE), ALWAYS("execve", REFUSE), ALWAYS("execveat", REFUSE),
    ALWAYS("socket", REFUSE), SOCKETPAIR_UNIX_ONLY, ALWAYS("bind", REFUSE),
    ALWAYS("listen", REFUSE), ALWAYS("accept", REFUSE), ALWAYS("accept4", REFUSE),
    ALWAYS("connect", REFUSE),
};

/* Processes and exec, AF_UNIX sockets only. bind/connect/listen/accept can
 * then only ever meet AF_UNIX sockets, whose names live in the worker's
 * private /tmp or its own network namespace's abstract namespace. */
static const struct seccomp_rule permissive_only[] = {
    IF_ARG("clone", ALLOW, 0, SCMP_CMP_MASKED_EQ, NAMESPACE_FLAGS, 0),
    CLONE_REFUSING_NAMESPACES,
    ALWAYS("fork", ALLOW), ALWAYS("vfork", ALLOW), ALWAYS("execve", ALLOW), ALWAYS("execveat", ALLOW),
    IF_ARG_IS("socket", ALLOW, 0, AF_UNIX), IF_ARG("socket", REFUSE, 0, SCMP_CMP_LT, AF_UNIX, 0),
    IF_ARG("socket", REFUSE, 0, SCMP_CMP_GT, AF_UNIX, 0),
    SOCKETPAIR_UNIX_ONLY,
    ALWAYS("bind", ALLOW), ALWAYS("listen", ALLOW), ALWAYS("accept", ALLOW),
    ALWAYS("accept4", ALLOW), ALWAYS("connect", ALLOW),
};

const struct seccomp_profile seccomp_profiles[2] = {
    [SANDBOX_SECCOMP_STRICT] = {
        "strict", SCMP_ACT_ERRNO(ENOSYS),
        {TABLE(allowed), TABLE(refused), TABLE(argument_checked), TABLE(strict_only)}, 4,
    },
    [SANDBOX_SECCOMP_PERMISSIVE] = {
        "permissive", SCMP_ACT_ERRNO(ENOSYS),
        {TABLE(allowed), TABLE(refused), TABLE(argument_checked), TABLE(permissive_only)}, 4,
    },
};
