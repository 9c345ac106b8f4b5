import Glibc
import WorkerProtocol

extension ZygoteConnection {
    /// `posix_spawn`s `executable` (`codeenv-zygote`) with `control` as its fd 3.
    ///
    /// `posix_spawn` (vfork + exec) is safe from the multithreaded server,
    /// unlike `fork`. The zygote starts with every signal at its default
    /// and unblocked (the server may ignore SIGTERM or SIGPIPE; an exec
    /// would pass that on to every worker), in its own process group so a
    /// terminal's Ctrl-C reaches only the server, which then closes the
    /// control socket.
    static func spawnProcess(executable: String, control: Int32) throws(WorkerError) -> pid_t {
        // dup2 onto the same number would leave close-on-exec set.
        let source = fcntl(control, F_DUPFD_CLOEXEC, ControlSocket.zygoteDescriptor + 1)
        guard source >= 0 else { throw .system(SystemCallError(call: "fcntl(F_DUPFD_CLOEXEC)", errno: errno)) }
        defer { close(source) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, source, ControlSocket.zygoteDescriptor)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in 1..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, Int32(signal)) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup(executable), nil]
        defer { arguments.forEach { free($0) } }
        let environment = workerEnvironment.map { strdup($0) } + [nil]
        defer { environment.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, arguments, environment)
        guard result == 0 else { throw .zygoteUnavailable("\(SystemCallError(call: "posix_spawn(\(executable))", errno: result))") }
        return pid
    }

    /// The whole environment of the zygote, and so of every worker: user code
    /// reads `os.environ`, so the server's own variables (credentials, tokens,
    /// paths) must never reach it. `MALLOC_ARENA_MAX` keeps glibc from
    /// reserving 64 MiB of address space per thread arena, which under the
    /// worker's `RLIMIT_AS` would make a dozen threads fail with MemoryError.
    static let workerEnvironment = [
        "PATH=/usr/local/bin:/usr/bin:/bin",
        "HOME=/tmp",
        "TMPDIR=/tmp",
        "LANG=C.UTF-8",
        "MALLOC_ARENA_MAX=2",
    ]
}
