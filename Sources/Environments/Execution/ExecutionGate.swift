/// Admission for one-shot runs: at most `maxRunning` at once, the next
/// `maxWaiting` callers wait in arrival order, and anyone past both is
/// refused at once, so a burst costs the server a bounded number of
/// waiting requests and never an unbounded number of workers.
actor ExecutionGate {
    let maxRunning: Int
    let maxWaiting: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Refused: every running slot and every waiting place is taken.
    struct Saturated: Error, Equatable {
        var running: Int
        var waiting: Int
    }

    init(maxRunning: Int, maxWaiting: Int) {
        precondition(maxRunning >= 1 && maxWaiting >= 0, "the gate needs a running slot and a non-negative queue")
        self.maxRunning = maxRunning
        self.maxWaiting = maxWaiting
    }

    /// Returns once the caller holds a running slot, which it gives back
    /// with `leave()`; throws when the queue is full too.
    func enter() async throws(Saturated) {
        if running < maxRunning {
            running += 1
            return
        }
        guard waiting.count < maxWaiting else { throw Saturated(running: running, waiting: waiting.count) }
        // The slot is handed over by `leave()`, which keeps `running` as is.
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives the slot to the longest waiter, or frees it.
    func leave() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Runs `body` holding a slot.
    func withSlot<T: Sendable>(_ body: @Sendable () async -> T) async throws(Saturated) -> T {
        try await enter()
        let result = await body()
        leave()
        return result
    }
}
