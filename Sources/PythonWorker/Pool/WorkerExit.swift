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
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited(code: (status >> 8) & 0xff) : .signaled(signal: signal)
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
