/// What can stop the server from getting or using a worker. Each message
/// says what happened in terms an operator can act on; the coding
/// environment turns these into `EXECUTION_ERROR`s for the caller.
public enum WorkerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The zygote could not start, or refused its sandbox settings.
    case zygoteUnavailable(String)
    /// The zygote is running but could not fork or confine a worker.
    case spawnFailed(String)
    /// A system call on the server side failed.
    case system(SystemCallError)

    public var description: String {
        switch self {
        case .zygoteUnavailable(let reason): return "the Python zygote is unavailable: \(reason)"
        case .spawnFailed(let reason): return "could not start a Python worker: \(reason)"
        case .system(let error): return "\(error)"
        }
    }
}
