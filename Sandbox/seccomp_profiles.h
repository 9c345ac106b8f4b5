/* The seccomp profiles as data (seccomp_profiles.c), compiled by
 * seccomp_policy.c. */
#ifndef CODEENV_SANDBOX_SECCOMP_PROFILES_H
#define CODEENV_SANDBOX_SECCOMP_PROFILES_H

#include <seccomp.h>
#include <stddef.h>

/* What happens to one system call, optionally only when one argument
 * matches. A call has either one unconditional row or only conditional
 * ones (libseccomp lets an unconditional row silently override conditional
 * rows for the same call; compile() refuses such a profile). Argument values
 * that no conditional row matches, and calls named in no row, get the
 * profile's default action. */
struct seccomp_rule {
    const char *syscall;
    uint32_t action;
    unsigned condition_count; /* 0 or 1 */
    struct scmp_arg_cmp condition;
};

struct seccomp_rule_table {
    const struct seccomp_rule *rows;
    size_t count;
};

struct seccomp_profile {
    const char *name;
    uint32_t default_action;
    struct seccomp_rule_table tables[4];
    size_t table_count;
};

/* Indexed by enum sandbox_seccomp_profile. */
extern const struct seccomp_profile seccomp_profiles[2];

#endif
