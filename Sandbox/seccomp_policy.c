/*
 * Layer 5, seccomp: compiles a profile (seccomp_profiles.c) into a BPF
 * program in the parent, once per profile, and installs it as the last step
 * in the child. The child never runs libseccomp: it only makes the one
 * seccomp() call, so it allocates nothing and pays no compile time.
 *
 * Only the native architecture is in the filter; a call made through
 * another ABI (i386 int 0x80 on x86_64) kills the process.
 */
#include "layers.h"
#include "seccomp_profiles.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t compiled_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sock_fprog compiled[2];

static int add_table(scmp_filter_ctx filter, uint32_t default_action, struct seccomp_rule_table table,
                     struct sandbox_error *error) {
    for (size_t i = 0; i < table.count; i++) {
        const struct seccomp_rule *rule = &table.rows[i];
        int number = seccomp_syscall_resolve_name(rule->syscall);
        /* Newer than this libseccomp: unnamed, so the default action applies.
         * A row that restates the default documents intent; libseccomp
         * rejects it as redundant (EACCES). */
        if (number == __NR_SCMP_ERROR || rule->action == default_action) continue;
        int rc = seccomp_rule_add_array(filter, rule->action, number, rule->condition_count, &rule->condition);
        if (rc < 0) return sandbox_fail(error, "seccomp", -rc, "seccomp_rule_add(%s)", rule->syscall);
    }
    return 0;
}

/* A call with an unconditional row and conditional rows would silently
 * lose the conditional ones (see struct seccomp_rule). */
static int check_rows(const struct seccomp_profile *profile, struct sandbox_error *error) {
    for (size_t t = 0; t < profile->table_count; t++)
        for (size_t i = 0; i < profile->tables[t].count; i++) {
            const struct seccomp_rule *rule = &profile->tables[t].rows[i];
            for (size_t u = 0; u < profile->table_count; u++)
                for (size_t j = 0; j < profile->tables[u].count; j++) {
                    const struct seccomp_rule *other = &profile->tables[u].rows[j];
                    if (other != rule && (rule->condition_count == 0 || other->condition_count == 0) &&
                        strcmp(rule->syscall, other->syscall) == 0)
                        return sandbox_fail(error, "seccomp", 0, "profile %s: %s has an unconditional row and another row",
                                            profile->name, rule->syscall);
                }
        }
    return 0;
}

/* libseccomp 2.5 exports BPF only to a descriptor; a memfd holds it. */
static int export_program(scmp_filter_ctx filter, struct sock_fprog *program, struct sandbox_error *error) {
    int fd = memfd_create("seccomp-bpf", MFD_CLOEXEC);
    if (fd < 0) return sandbox_fail(error, "seccomp", errno, "memfd_create");
    int rc = seccomp_export_bpf(filter, fd);
    off_t size = lseek(fd, 0, SEEK_CUR);
    void *bytes = rc == 0 && size > 0 ? malloc((size_t)size) : NULL;
    if (bytes && pread(fd, bytes, (size_t)size, 0) == size) {
        close(fd);
        *program = (struct sock_fprog){.len = (unsigned short)(size / sizeof(struct sock_filter)), .filter = bytes};
        return 0;
    }
    int err = rc < 0 ? -rc : errno;
    free(bytes);
    close(fd);
    return sandbox_fail(error, "seccomp", err, "seccomp_export_bpf");
}

static int compile(const struct seccomp_profile *profile, struct sock_fprog *program, struct sandbox_error *error) {
    scmp_filter_ctx filter = seccomp_init(profile->default_action);
    if (!filter) return sandbox_fail(error, "seccomp", ENOMEM, "seccomp_init(%s)", profile->name);
    int rc = seccomp_attr_set(filter, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    /* A binary search over the call numbers instead of a linear scan. */
    if (rc == 0) rc = seccomp_attr_set(filter, SCMP_FLTATR_CTL_OPTIMIZE, 2);
    int failed = rc < 0 ? sandbox_fail(error, "seccomp", -rc, "seccomp_attr_set") : check_rows(profile, error);
    for (size_t i = 0; !failed && i < profile->table_count; i++)
        failed = add_table(filter, profile->default_action, profile->tables[i], error);
    if (!failed) failed = export_program(filter, program, error);
    seccomp_release(filter);
    return failed;
}

/* Parent. The compiled programs live for the life of the process. */
int seccomp_prepare(enum sandbox_seccomp_profile profile, struct sock_fprog *program,
                    struct sandbox_error *error) {
    if ((unsigned)profile >= sizeof compiled / sizeof *compiled)
        return sandbox_fail(error, "seccomp", EINVAL, "profile %d", (int)profile);
    pthread_mutex_lock(&compiled_lock);
    int failed = compiled[profile].filter ? 0 : compile(&seccomp_profiles[profile], &compiled[profile], error);
    *program = compiled[profile];
    pthread_mutex_unlock(&compiled_lock);
    return failed;
}

/* Child, last step. Needs no_new_privs unless the process still has
 * CAP_SYS_ADMIN (only when the privileges layer is off). */
int seccomp_install(const struct sandbox_plan *plan, struct sandbox_error *error) {
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &plan->seccomp_program) != 0)
        return sandbox_fail(error, "seccomp", errno, "seccomp(SECCOMP_SET_MODE_FILTER, %s)",
                            seccomp_profiles[plan->seccomp_profile].name);
    return 0;
}
