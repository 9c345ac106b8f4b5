import Synchronization

/// Gathers each session's measurements as soon as its steps are done, so
/// the report can be printed while held sessions are still open.
final class OutcomeCollector: Sendable {
    private struct State {
        var outcomes: [SessionOutcome] = []
        var waiter: CheckedContinuation<[SessionOutcome], Never>?
    }

    private let expected: Int
    private let state = Mutex(State())

    init(expected: Int) {
        self.expected = expected
    }

    func deliver(_ outcome: SessionOutcome) {
        let finished = state.withLock { state -> (CheckedContinuation<[SessionOutcome], Never>, [SessionOutcome])? in
            state.outcomes.append(outcome)
            guard state.outcomes.count == expected, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return (waiter, state.outcomes)
        }
        if let (waiter, outcomes) = finished { waiter.resume(returning: outcomes) }
    }

    func all() async -> [SessionOutcome] {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [SessionOutcome]? in
                if state.outcomes.count == expected { return state.outcomes }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
