import WorkerProtocol

/// Why a zygote cannot serve. It reports the message to the server
/// (`ControlReply.failed`) and exits; the server refuses to start with it.
enum ZygoteFailure: Error, CustomStringConvertible {
    /// The process has more than one thread, so forking it would be unsafe.
    case notSingleThreaded(threads: Int)
    case python(String)
    /// A sandbox layer this host cannot set up and the operator did not
    /// allow to be missing: the `sandbox_error` message names it.
    case sandbox(String)
    case system(SystemCallError)
    case protocolViolation(String)

    var description: String {
        switch self {
        case .notSingleThreaded(let threads):
            return "the zygote must be single-threaded to fork safely, but has \(threads) threads at start"
        case .python(let detail): return "CPython: \(detail)"
        case .sandbox(let detail):
            return "sandbox: \(detail) (start with --allow-weaker-sandbox LAYER to run without that layer)"
        case .system(let error): return "\(error)"
        case .protocolViolation(let detail): return "control protocol: \(detail)"
        }
    }
}
