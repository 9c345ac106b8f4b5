/// What one session measured.
struct SessionOutcome: Sendable {
    var resets = LatencyRecorder()
    var steps = LatencyRecorder()
    var failures = 0
    var firstFailure: String?
    var stepPhaseStart: ContinuousClock.Instant?
    var stepPhaseEnd: ContinuousClock.Instant?

    /// Records a reply's latency when `check` passes it.
    mutating func note(_ reply: String, nanoseconds: UInt64, in recorder: WritableKeyPath<SessionOutcome, LatencyRecorder>) {
        if check(reply) { self[keyPath: recorder].record(nanoseconds: nanoseconds) }
    }

    /// Whether the reply is an observation of code that ended normally (the
    /// server writes compact JSON); counts a failure when not.
    @discardableResult
    mutating func check(_ reply: String) -> Bool {
        let succeeded = reply.contains("\"type\":\"observation\"") && reply.contains("\"exit_code\":0")
        if !succeeded { fail(reply) }
        return succeeded
    }

    mutating func fail(_ reason: String) {
        failures += 1
        if firstFailure == nil { firstFailure = String(reason.prefix(300)) }
    }
}
