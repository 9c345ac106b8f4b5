/// The C source of `sandbox-helper` (see `SandboxHelper`). It lives in a
/// string because SwiftPM refuses C files inside a Swift test target.
enum SandboxHelperSource {
    static let text = #"""
        /* sandbox-helper: forks a confined worker from an initialised CPython, as
         * the zygote does, and runs Python code in it. Built by SandboxHelper.swift
         * from this text and the Sandbox C files, so the multithreaded test process
         * never forks itself.
         *
         *   sandbox-helper [options] -c CODE   exit status: the worker's (128+signal
         *                                      if killed), 3 if sandbox_spawn failed
         *   sandbox-helper [options] --probe   prints "ok" or sandbox_probe's error
         *   sandbox-helper [options] --bench N prints spawn times as JSON
         */
        #include <Python.h>
        #include "Sandbox.h"

        #include <errno.h>
        #include <fcntl.h>
        #include <signal.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/wait.h>
        #include <time.h>
        #include <unistd.h>

        struct options {
            struct sandbox_config config;
            const char *extra[16];
            int keep[16];
            const char *code, *setup;
            int probe, bench, orphan;
        };

        static unsigned long long number(const char *text) { return strtoull(text, NULL, 0); }

        static unsigned layer_named(const char *name) {
            if (strcmp(name, "all") == 0) return SANDBOX_LAYER_ALL;
            for (unsigned layer = 1; layer <= SANDBOX_LAYER_ALL; layer <<= 1)
                if (sandbox_layer_name(layer) && strcmp(sandbox_layer_name(layer), name) == 0) return layer;
            fprintf(stderr, "unknown layer %s\n", name);
            exit(2);
        }

        /* Puts /dev/null at `fd` without close-on-exec: an inherited descriptor. */
        static void inherit_fd(int fd) {
            int null = open("/dev/null", O_RDONLY);
            if (null != fd) { dup2(null, fd); close(null); }
        }

        static void parse(int argc, char **argv, struct options *o) {
            struct sandbox_config *c = &o->config;
            size_t extra_count = 0;
            for (int i = 1; i < argc; i++) {
                const char *option = argv[i], *value = i + 1 < argc ? argv[i + 1] : "";
                if (strcmp(option, "--probe") == 0) { o->probe = 1; continue; }
                if (strcmp(option, "--orphan") == 0) { o->orphan = 1; continue; }
                i++;
                if (strcmp(option, "-c") == 0) o->code = value;
                else if (strcmp(option, "--setup") == 0) o->setup = value;
                else if (strcmp(option, "--bench") == 0) o->bench = (int)number(value);
                else if (strcmp(option, "--disable") == 0) c->disabled_layers |= layer_named(value);
                else if (strcmp(option, "--profile") == 0) c->seccomp_profile = strcmp(value, "permissive") == 0;
                else if (strcmp(option, "--id-base") == 0) c->outside_id_base = (uid_t)number(value);
                else if (strcmp(option, "--as") == 0) c->limits.address_space_bytes = number(value);
                else if (strcmp(option, "--cpu") == 0) c->limits.cpu_seconds = number(value);
                else if (strcmp(option, "--nproc") == 0) c->limits.processes = number(value);
                else if (strcmp(option, "--nofile") == 0) c->limits.open_files = number(value);
                else if (strcmp(option, "--fsize") == 0) c->limits.file_size_bytes = number(value);
                else if (strcmp(option, "--tmpfs") == 0) c->limits.tmpfs_bytes = number(value);
                else if (strcmp(option, "--ro") == 0 && extra_count < 15) o->extra[extra_count++] = value;
                else if (strcmp(option, "--inherit-fd") == 0) inherit_fd((int)number(value));
                else if (strcmp(option, "--keep-fd") == 0 && c->keep_fd_count < 16) o->keep[c->keep_fd_count++] = (int)number(value);
                else { fprintf(stderr, "unknown option %s\n", option); exit(2); }
            }
            c->extra_readonly_paths = o->extra;
            c->keep_fds = o->keep;
        }

        static pid_t spawn(const struct sandbox_config *config) {
            struct sandbox_error error = {{0}};
            fflush(NULL);
            PyOS_BeforeFork();
            pid_t pid = sandbox_spawn(config, &error);
            if (pid == 0) {
                PyOS_AfterFork_Child();
                return 0;
            }
            PyOS_AfterFork_Parent();
            if (pid < 0) {
                fprintf(stderr, "sandbox_spawn: %s\n", error.message);
                exit(3);
            }
            return pid;
        }

        static int wait_status(pid_t pid) {
            int status = 0;
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
            return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
        }

        static int run(const struct options *o) {
            pid_t pid = spawn(&o->config);
            if (pid == 0) {
                int failed = PyRun_SimpleString(o->code);
                PyRun_SimpleString("import sys; sys.stdout.flush(); sys.stderr.flush()");
                _exit(failed ? 1 : 0);
            }
            return o->orphan ? 0 : wait_status(pid);
        }

        static double now_us(void) {
            struct timespec t;
            clock_gettime(CLOCK_MONOTONIC, &t);
            return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
        }

        static int compare_doubles(const void *a, const void *b) {
            double x = *(const double *)a, y = *(const double *)b;
            return (x > y) - (x < y);
        }

        /* Times sandbox_spawn alone (until the child is confined) and with the reap. */
        static int bench(const struct options *o) {
            int count = o->bench;
            double *spawn_us = calloc((size_t)count, sizeof *spawn_us), total = 0, with_reap = 0;
            for (int i = 0; i < count; i++) {
                double start = now_us();
                pid_t pid = spawn(&o->config);
                if (pid == 0) _exit(0);
                spawn_us[i] = now_us() - start;
                wait_status(pid);
                with_reap += now_us() - start;
                total += spawn_us[i];
            }
            qsort(spawn_us, (size_t)count, sizeof *spawn_us, compare_doubles);
            printf("{\"spawns\": %d, \"mean_us\": %.0f, \"p50_us\": %.0f, \"p99_us\": %.0f, \"mean_with_reap_us\": %.0f}\n",
                   count, total / count, spawn_us[count / 2], spawn_us[count * 99 / 100], with_reap / count);
            free(spawn_us);
            return 0;
        }

        /* Test processes may run it with signals blocked; a worker inherits the
         * mask, and Python code expects none blocked. A hung test fails instead of
         * hanging: SIGALRM ends the helper, the parent-death signal the worker. */
        static void reset_signals(void) {
            sigset_t none;
            sigemptyset(&none);
            sigprocmask(SIG_SETMASK, &none, NULL);
            for (int signal = 1; signal < NSIG; signal++) sigaction(signal, &(struct sigaction){.sa_handler = SIG_DFL}, NULL);
            alarm(120);
        }

        int main(int argc, char **argv) {
            reset_signals();
            /* Its own id range, clear of the zygote's default 200000 + 2 * slot. */
            static struct options o;
            o.config.outside_id_base = 400000 + (uid_t)(getpid() % 100000) * 2;
            parse(argc, argv, &o);
            if (o.probe) {
                struct sandbox_error error = {{0}};
                int failed = sandbox_probe(&o.config, &error);
                printf("%s\n", failed ? error.message : "ok");
                return failed ? 1 : 0;
            }
            /* With CPython's own signal set-up, as the zygote initialises it
             * (SIGXFSZ and SIGPIPE ignored, SIGINT raising KeyboardInterrupt). */
            Py_InitializeEx(1);
            if (o.setup && PyRun_SimpleString(o.setup) != 0) return 2;
            if (o.bench > 0) return bench(&o);
            return o.code ? run(&o) : 2;
        }
        """#
}
