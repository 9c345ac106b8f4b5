import Synchronization

/// Releases every waiter once `parties` have arrived (or `abandon` was
/// called for the missing ones, when a session failed before arriving).
final class StartBarrier: Sendable {
    private struct State {
        var remaining: Int
        var waiting: [@Sendable () -> Void] = []
    }

    private let state: Mutex<State>

    init(parties: Int) {
        state = Mutex(State(remaining: parties))
    }

    /// Arrives; `then` runs, on the thread of the last party to arrive or
    /// abandon, once every party has.
    func arrive(then: @escaping @Sendable () -> Void) {
        let released = state.withLock { state -> [@Sendable () -> Void] in
            state.waiting.append(then)
            state.remaining -= 1
            return state.remaining <= 0 ? state.waiting.drain() : []
        }
        for waiter in released { waiter() }
    }

    func abandon() {
        let released = state.withLock { state -> [@Sendable () -> Void] in
            state.remaining -= 1
            return state.remaining <= 0 ? state.waiting.drain() : []
        }
        for waiter in released { waiter() }
    }
}

extension Array {
    fileprivate mutating func drain() -> [Element] {
        defer { self = [] }
        return self
    }
}
