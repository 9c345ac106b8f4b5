/// Everything the server learned from a worker about one step.
public struct WorkerStepOutcome: Sendable, Equatable {
    /// How the step ended.
    public enum Ending: Sendable, Equatable {
        /// The code finished (or raised, or called `sys.exit`) and the worker
        /// is ready for the next step.
        case completed(exitCode: Int32, timedOut: Bool)
        /// The worker process ended during the step (`os._exit`, a signal,
        /// or it was gone before the step started).
        case workerExited(WorkerExit)
        /// The worker did not finish within the time limit plus the grace:
        /// it was killed (SIGKILL).
        case hardTimeout
        /// The worker sent something that breaks the protocol and was killed.
        case protocolViolation(String)
    }

    /// Nil when the worker never saw the code: it was already gone, so no
    /// line of this step ran and running it on a fresh worker is safe.
    public var analysis: CodeAnalysis?
    public var ending: Ending
    public var stdout: CapturedOutput
    public var stderr: CapturedOutput

    /// Whether the worker is still usable for the next step.
    public var workerSurvived: Bool {
        if case .completed = ending { return true }
        return false
    }
}

/// One stream of a step's output, capped: the first `limit` bytes and how
/// many more were written and dropped.
public struct CapturedOutput: Sendable, Equatable {
    public private(set) var bytes: [UInt8] = []
    public private(set) var droppedBytes: UInt64 = 0
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// Keeps what fits under the limit. The worker enforces the same limit;
    /// this is the server not trusting it to.
    mutating func append(_ chunk: [UInt8]) {
        let fitting = min(chunk.count, max(0, limit - bytes.count))
        bytes.append(contentsOf: chunk[..<fitting])
        droppedBytes += UInt64(chunk.count - fitting)
    }

    mutating func addDropped(_ count: UInt64) {
        droppedBytes += count
    }

    /// The text a client sees: invalid UTF-8 replaced by U+FFFD, and a
    /// marker line when bytes were dropped.
    public var text: String {
        let decoded = String(decoding: bytes, as: UTF8.self)
        guard droppedBytes > 0 else { return decoded }
        let separator = decoded.hasSuffix("\n") || decoded.isEmpty ? "" : "\n"
        return decoded + separator
            + "[output truncated: \(bytes.count) bytes shown, \(droppedBytes) more bytes dropped]\n"
    }
}
