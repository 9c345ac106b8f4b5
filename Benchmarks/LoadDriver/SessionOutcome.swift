import HummingbirdWSClient
import Logging
import Synchronization

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

/// One `/ws` session run closed loop: a request goes out only after the
/// previous reply came back, and its latency is write-to-reply.
struct SessionRunner: Sendable {
    let plan: LoadPlan
    /// Passed once every session has reset: the step phase starts together.
    let allReset: StartBarrier
    /// Passed once the caller lets go (`holdOpen`); sessions close after it.
    let release: StartBarrier
    let collector: OutcomeCollector

    func run() async {
        let entered = HandlerEntered()
        do {
            try await WebSocketClient.connect(
                url: plan.url, configuration: .init(maxFrameSize: 16 << 20), logger: Logger(label: "codeenv.bench")
            ) { inbound, outbound, _ in
                entered.flag.store(true, ordering: .relaxed)
                var replies = inbound.messages(maxSize: 64 << 20).makeAsyncIterator()
                var outcome = SessionOutcome()
                var arrivedAllReset = false
                do {
                    func exchange(_ message: String) async throws -> (UInt64, String) {
                        let start = ContinuousClock.now
                        try await outbound.write(.text(message))
                        guard let reply = try await replies.next() else { throw SessionEnded() }
                        let elapsed = ContinuousClock.now - start
                        guard case .text(let text) = reply else { return (elapsed.nanoseconds, "a binary reply") }
                        return (elapsed.nanoseconds, text)
                    }
                    for cycle in 0..<plan.cycles {
                        let (resetTime, resetReply) = try await exchange(plan.resetMessage)
                        outcome.note(resetReply, nanoseconds: resetTime, in: \.resets)
                        if let setup = plan.setupMessage {
                            let (_, setupReply) = try await exchange(setup)
                            outcome.check(setupReply)
                        }
                        if cycle == 0 {
                            for _ in 0..<plan.warmupSteps { _ = try await exchange(plan.stepMessage) }
                            arrivedAllReset = true
                            await allReset.arriveAndWait()
                            outcome.stepPhaseStart = .now
                        }
                        for _ in 0..<plan.stepsPerCycle {
                            let (stepTime, stepReply) = try await exchange(plan.stepMessage)
                            outcome.note(stepReply, nanoseconds: stepTime, in: \.steps)
                        }
                    }
                    outcome.stepPhaseEnd = .now
                } catch {
                    outcome.fail("\(error)")
                }
                if !arrivedAllReset { allReset.abandon() }
                collector.deliver(outcome)
                if plan.holdOpen { await release.arriveAndWait() }
                try await outbound.close(.normalClosure, reason: nil)
            }
        } catch {
            guard !entered.flag.load(ordering: .relaxed) else { return }
            var outcome = SessionOutcome()
            outcome.fail("\(error)")
            allReset.abandon()
            collector.deliver(outcome)
            if plan.holdOpen { release.abandon() }
        }
    }
}

/// Whether the connection got as far as the handler, which then owns the
/// barriers and the delivery of the outcome.
private final class HandlerEntered: Sendable {
    let flag = Atomic(false)
}

private struct SessionEnded: Error {}

extension Duration {
    fileprivate var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
