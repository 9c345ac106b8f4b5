import Glibc
import WorkerProtocol

/// Why a step was stopped from outside the code, as `/metrics` counts it
/// (`codeenv_worker_kills_total{reason}`).
public enum WorkerKillReason: String, CaseIterable, Sendable {
    /// The hard deadline passed and the server SIGKILLed the worker.
    case timeout
    /// `RLIMIT_AS` refused an allocation: CPython raised `MemoryError` (the
    /// worker may survive that) or died of it.
    case memory
    /// The seccomp filter killed the worker (SIGSYS) for a forbidden call.
    case seccomp
    /// Any other signal, or a worker that broke the frame protocol.
    case crash

    /// Nil for a step that ended on its own: it finished, raised, called
    /// `sys.exit` or `os._exit`, or its worker was lost with the zygote
    /// (which `codeenv_zygote_restarts_total` counts).
    public init?(_ outcome: WorkerStepOutcome) {
        switch outcome.ending {
        case .hardTimeout:
            self = .timeout
        case .completed(let exitCode, _):
            guard exitCode != 0, Self.endsWithMemoryError(outcome.stderr.text) else { return nil }
            self = .memory
        case .workerExited(.signaled(let signal)):
            if signal == SIGSYS {
                self = .seccomp
            } else {
                self = Self.endsWithMemoryError(outcome.stderr.text) ? .memory : .crash
            }
        case .protocolViolation:
            self = .crash
        case .workerExited(.exited), .workerExited(.lost):
            return nil
        }
    }

    /// Whether the last line of a traceback names `MemoryError`.
    private static func endsWithMemoryError(_ stderr: String) -> Bool {
        let lastLine = stderr.split(separator: "\n", omittingEmptySubsequences: true).last ?? ""
        return lastLine.hasPrefix("MemoryError")
    }
}
