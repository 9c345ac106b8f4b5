/*
 * Layer 2, filesystem: the worker's root is a small read-only tmpfs holding
 * read-only binds of /usr (and bin, sbin, lib* as on the host: symlinks into
 * usr on merged-/usr Debian), the operator's extra read-only paths, a
 * synthesised /etc, three device files, a fresh /proc for the worker's pid
 * namespace and a size-capped tmpfs /tmp that is also the working directory.
 * Nothing else of the host exists there: no /home, /root, /var, host /tmp,
 * /etc/shadow, /sys, sockets or other devices.
 *
 * The tmpfs becomes the root first (pivot_root, old root kept at /oldroot),
 * so every bind source is "/oldroot" + its host path whatever it is, then the
 * old root is detached and the new one sealed read-only.
 */
#include "layers.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define OLD_ROOT "/oldroot"

/* Top-level host entries mirrored as they are: a symlink stays a symlink
 * (merged /usr), a directory is bound read-only, a missing one is skipped. */
static const char *const system_entries[] = {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"};

/* Host files the loader or libc read; none holds a secret. */
static const char *const host_files[] = {"/etc/ld.so.cache"};

static const char *const devices[] = {"/dev/null", "/dev/zero", "/dev/urandom"};

static const struct {
    const char *path, *target;
} links[] = {
    {"/dev/fd", "/proc/self/fd"},         {"/dev/stdin", "/proc/self/fd/0"},
    {"/dev/stdout", "/proc/self/fd/1"},   {"/dev/stderr", "/proc/self/fd/2"},
    {"/dev/shm", "/tmp"}, /* sem_open() and multiprocessing locks */
};

/* Accounts for pwd/grp lookups (getpass.getuser(), os.path.expanduser) without
 * the host's account list. */
static const struct {
    const char *path, *content;
} synthesized_files[] = {
    {"/etc/passwd", "root:x:0:0:root:/:/usr/sbin/nologin\n"
                    "sandbox:x:1000:1000:sandbox:/tmp:/usr/sbin/nologin\n"},
    {"/etc/group", "root:x:0:\nsandbox:x:1000:\n"},
};

static int fs_fail(struct sandbox_error *error, const char *call, const char *path) {
    return sandbox_fail(error, "filesystem", errno, "%s(%s)", call, path);
}

/* mkdir -p, creating a mount point inside the new root. */
static int make_directories(const char *path, struct sandbox_error *error) {
    char partial[PATH_MAX];
    if (snprintf(partial, sizeof partial, "%s", path) >= (int)sizeof partial)
        return sandbox_fail(error, "filesystem", ENAMETOOLONG, "mkdir(%s)", path);
    for (char *slash = partial + 1;; slash++) {
        if (*slash != '/' && *slash != '\0') continue;
        char kept = *slash;
        *slash = '\0';
        if (mkdir(partial, 0755) != 0 && errno != EEXIST) return fs_fail(error, "mkdir", partial);
        if (kept == '\0') return 0;
        *slash = kept;
    }
}

/* An empty regular file to bind a host file or device onto. */
static int make_file(const char *path, const char *content, struct sandbox_error *error) {
    char parent[PATH_MAX];
    snprintf(parent, sizeof parent, "%s", path);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        if (make_directories(parent, error)) return -1;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return fs_fail(error, "open", path);
    size_t length = content ? strlen(content) : 0;
    ssize_t written = length ? write(fd, content, length) : 0;
    close(fd);
    if (written != (ssize_t)length) return fs_fail(error, "write", path);
    return 0;
}

/* Binds OLD_ROOT + path at path, read-only with `attributes` on the whole
 * subtree. mount_setattr only adds flags, so it keeps the flags the kernel
 * locked on mounts inherited from the host (remount would have to repeat
 * them exactly or get EPERM). */
static int bind_readonly(const char *path, uint64_t attributes, struct sandbox_error *error) {
    char source[PATH_MAX];
    snprintf(source, sizeof source, OLD_ROOT "%s", path);
    struct stat info;
    if (stat(source, &info) != 0) return fs_fail(error, "stat", source);
    if (S_ISDIR(info.st_mode) ? make_directories(path, error) : make_file(path, NULL, error))
        return -1;
    if (mount(source, path, NULL, MS_BIND | MS_REC, NULL) != 0)
        return sandbox_fail(error, "filesystem", errno, "mount(%s, %s, MS_BIND|MS_REC)", source, path);
    struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY | attributes};
    if (syscall(SYS_mount_setattr, AT_FDCWD, path, AT_RECURSIVE, &attr, sizeof attr) != 0)
        return sandbox_fail(error, "filesystem", errno, "mount_setattr(%s, MOUNT_ATTR_RDONLY)", path);
    return 0;
}

/* A tmpfs on the host's /tmp (in our private mount namespace) becomes the
 * root, the host root stays reachable at OLD_ROOT until detached. */
static int enter_new_root(struct sandbox_error *error) {
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return sandbox_fail(error, "filesystem", errno, "mount(/, MS_REC|MS_PRIVATE)");
    if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,nr_inodes=4096,mode=0755") != 0)
        return sandbox_fail(error, "filesystem", errno, "mount(tmpfs, /tmp) for the new root");
    if (chdir("/tmp") != 0) return fs_fail(error, "chdir", "/tmp");
    if (mkdir("oldroot", 0700) != 0) return fs_fail(error, "mkdir", "oldroot");
    if (syscall(SYS_pivot_root, ".", "oldroot") != 0)
        return sandbox_fail(error, "filesystem", errno, "pivot_root(., oldroot)");
    if (chdir("/") != 0) return fs_fail(error, "chdir", "/");
    return 0;
}

static int mirror_system_entry(const char *name, struct sandbox_error *error) {
    char source[PATH_MAX], path[PATH_MAX], target[PATH_MAX];
    snprintf(source, sizeof source, OLD_ROOT "/%s", name);
    snprintf(path, sizeof path, "/%s", name);
    struct stat info;
    if (lstat(source, &info) != 0) return errno == ENOENT ? 0 : fs_fail(error, "lstat", source);
    if (!S_ISLNK(info.st_mode)) return bind_readonly(path, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, error);
    ssize_t length = readlink(source, target, sizeof target - 1);
    if (length < 0) return fs_fail(error, "readlink", source);
    target[length] = '\0';
    if (symlink(target, path) != 0) return fs_fail(error, "symlink", path);
    return 0;
}

static int populate_root(const struct sandbox_plan *plan, struct sandbox_error *error) {
    for (size_t i = 0; i < sizeof system_entries / sizeof *system_entries; i++)
        if (mirror_system_entry(system_entries[i], error)) return -1;
    for (size_t i = 0; i < sizeof synthesized_files / sizeof *synthesized_files; i++)
        if (make_file(synthesized_files[i].path, synthesized_files[i].content, error)) return -1;
    for (size_t i = 0; i < sizeof host_files / sizeof *host_files; i++) {
        char source[PATH_MAX];
        snprintf(source, sizeof source, OLD_ROOT "%s", host_files[i]);
        if (access(source, F_OK) == 0 && bind_readonly(host_files[i], MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, error))
            return -1;
    }
    /* After /etc, so an operator who binds a host /etc directory gets it. */
    for (size_t i = 0; i < plan->extra_path_count; i++)
        if (bind_readonly(plan->extra_paths[i], MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, error)) return -1;
    /* Device files keep working on a read-only mount; nodev would break them. */
    for (size_t i = 0; i < sizeof devices / sizeof *devices; i++)
        if (bind_readonly(devices[i], MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, error)) return -1;
    for (size_t i = 0; i < sizeof links / sizeof *links; i++)
        if (symlink(links[i].target, links[i].path) != 0) return fs_fail(error, "symlink", links[i].path);
    return 0;
}

/* /proc for the worker's own pid namespace, and the capped scratch /tmp.
 * nr_inodes caps the kernel memory that empty files can pin, which size=
 * does not count. */
static int mount_proc_and_tmp(const struct sandbox_plan *plan, struct sandbox_error *error) {
    if (make_directories("/proc", error) || make_directories("/tmp", error)) return -1;
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
        return sandbox_fail(error, "filesystem", errno, "mount(proc, /proc)");
    unsigned long long bytes = plan->tmpfs_bytes;
    unsigned long long inodes = bytes / 4096 < 1024 ? 1024 : bytes / 4096;
    char options[96];
    snprintf(options, sizeof options, "size=%llu,nr_inodes=%llu,mode=1777", bytes, inodes);
    if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, options) != 0)
        return sandbox_fail(error, "filesystem", errno, "mount(tmpfs, /tmp, %s)", options);
    return 0;
}

/* Drops the host tree and makes the root itself read-only (its submounts
 * already are, except /proc and /tmp). */
static int seal_root(struct sandbox_error *error) {
    if (umount2(OLD_ROOT, MNT_DETACH) != 0) return fs_fail(error, "umount2", OLD_ROOT);
    if (rmdir(OLD_ROOT) != 0) return fs_fail(error, "rmdir", OLD_ROOT);
    struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV};
    if (syscall(SYS_mount_setattr, AT_FDCWD, "/", 0, &attr, sizeof attr) != 0)
        return sandbox_fail(error, "filesystem", errno, "mount_setattr(/, MOUNT_ATTR_RDONLY)");
    if (chdir("/tmp") != 0) return fs_fail(error, "chdir", "/tmp");
    return 0;
}

int filesystem_build_root(const struct sandbox_plan *plan, struct sandbox_error *error) {
    if (enter_new_root(error)) return -1;
    if (populate_root(plan, error)) return -1;
    if (mount_proc_and_tmp(plan, error)) return -1;
    return seal_root(error);
}
