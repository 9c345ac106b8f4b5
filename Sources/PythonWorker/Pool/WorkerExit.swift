/// How a worker process ended, as its parent (the zygote) saw it.
public enum WorkerExit: Sendable, Equatable, CustomStringConvertible {
    /// `_exit(code)`: `os._exit(n)` gives n.
    case exited(code: Int32)
    case signaled(signal: Int32)
    /// The zygote died first, so nobody could reap the worker; it was
    /// killed by its parent-death signal (SIGKILL).
    case lost

    /// Decodes a raw `waitpid` status (the `WIFEXITED`/`WTERMSIG` macros,
    /// which Swift cannot import).
    ///
    /// `underInit`: the status is that of the init of the worker's pid
    /// namespace, which exits with the worker's status as a shell reports
    /// it (see `Sandbox/init.c`), so 129...192 means the worker was killed
    /// by signal 1...64 (an `os._exit(137)` reads the same, as in a shell).
    /// A signal to the init itself (the server's SIGKILL) stays a signal.
    init(waitStatus status: Int32, underInit: Bool = false) {
        let signal = status & 0x7f
        let code = (status >> 8) & 0xff
        if signal != 0 {
            self = .signaled(signal: signal)
        } else if underInit, (129...192).contains(code) {
            self = .signaled(signal: code - 128)
        } else {
            self = .exited(code: code)
        }
    }

    /// The exit code a shell would report: n, or 128 + signal.
    public var exitCode: Int {
        switch self {
        case .exited(let code): return Int(code)
        case .signaled(let signal): return 128 + Int(signal)
        case .lost: return 128 + 9
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): return "exited with code \(code)"
        case .signaled(let signal): return "killed by signal \(signal)"
        case .lost: return "lost when the zygote stopped"
        }
    }
}
