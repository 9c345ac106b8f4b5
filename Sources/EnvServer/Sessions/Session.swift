import EnvCore

/// One environment instance and the queue that serialises calls into it.
///
/// `Environment` promises implementations that no two calls overlap, even
/// across their suspension points; an actor alone would not keep that
/// promise (reentrancy), so calls wait their turn here, first come first
/// served. The session owns its environment: `close()` closes it once,
/// after the call in progress (if any) has finished.
actor Session {
    let key: SessionKey
    private let environment: AnyEnvironment
    private let metrics: EnvironmentMetrics
    private var isBusy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var isClosed = false
    /// When the last call finished (or the session was created); the idle
    /// reaper compares it with the idle timeout.
    private(set) var lastActivity: ContinuousClock.Instant

    init(key: SessionKey, environment: AnyEnvironment, metrics: EnvironmentMetrics) {
        self.key = key
        self.environment = environment
        self.metrics = metrics
        self.lastActivity = .now
    }

    func reset(seed: Int?, episodeID: String?) async throws -> JSONValue {
        let result = try await perform { try await $0.reset(seed: seed, episodeID: episodeID) }
        metrics.recordReset()
        return result
    }

    func step(_ action: JSONValue, context: StepContext) async throws -> JSONValue {
        try await perform { [metrics] environment in
            let started = ContinuousClock.now
            let result = try await environment.step(action, context: context)
            metrics.recordStep(duration: .now - started)
            return result
        }
    }

    func state() async throws -> JSONValue {
        try await perform { try await $0.state() }
    }

    /// Runs `operation` on the environment once every earlier call has
    /// finished. Throws `sessionNotFound` when the session was closed
    /// meanwhile (reaped, or its connection ended).
    private func perform<Result: Sendable>(_ operation: @Sendable (AnyEnvironment) async throws -> Result) async throws -> Result {
        await acquire()
        defer { release() }
        guard !isClosed else { throw ServerError.sessionNotFound(key.description) }
        return try await operation(environment)
    }

    /// Idle means no call running or waiting, and none for `timeout`.
    func isIdle(for timeout: Duration, now: ContinuousClock.Instant) -> Bool {
        !isBusy && waiting.isEmpty && now - lastActivity >= timeout
    }

    func close() async {
        await acquire()
        defer { release() }
        guard !isClosed else { return }
        isClosed = true
        await environment.close()
    }

    private func acquire() async {
        guard isBusy else {
            isBusy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the turn straight to the next waiter, so `isBusy` stays true
    /// and no newcomer can slip in between.
    private func release() {
        lastActivity = .now
        if waiting.isEmpty {
            isBusy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
