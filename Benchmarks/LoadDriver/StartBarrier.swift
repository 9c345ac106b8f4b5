import Synchronization

/// Releases every waiter once `parties` have arrived (or `abandon` was
/// called for the missing ones, when a session failed before arriving).
final class StartBarrier: Sendable {
    private struct State {
        var remaining: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(parties: Int) {
        state = Mutex(State(remaining: parties))
    }

    func arriveAndWait() async {
        await withCheckedContinuation { continuation in
            let released = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.waiting.append(continuation)
                state.remaining -= 1
                return state.remaining <= 0 ? state.waiting.drain() : []
            }
            for waiter in released { waiter.resume() }
        }
    }

    func abandon() {
        let released = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.remaining -= 1
            return state.remaining <= 0 ? state.waiting.drain() : []
        }
        for waiter in released { waiter.resume() }
    }
}

extension Array {
    fileprivate mutating func drain() -> [Element] {
        defer { self = [] }
        return self
    }
}
