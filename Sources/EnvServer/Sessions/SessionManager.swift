import EnvCore
import Logging
import ServiceLifecycle

/// Owns every live environment instance: finds or creates the session a
/// request belongs to, enforces `--max-sessions`, closes sessions when
/// their connection ends, and reaps idle header sessions.
///
/// Data flows one way: handlers ask the manager for a session, the session
/// calls the environment. Every instance the manager creates is closed by
/// it, when its session ends or the server stops.
public actor SessionManager: Service {
    private let registration: EnvironmentRegistration
    private let configuration: ServerConfiguration
    private let logger: Logger
    private let metrics: EnvironmentMetrics
    private var sessions: [SessionKey: Session] = [:]
    /// Sessions whose environment is being created; they hold a slot, and
    /// a second request for the same key waits for the same creation.
    private var creations: [SessionKey: Task<Session, any Error>] = [:]
    private var nextSocketNumber: UInt64 = 0
    /// How to end each WebSocket session's connection when it is reaped.
    private var disconnectors: [SessionKey: @Sendable () async -> Void] = [:]

    init(
        registration: EnvironmentRegistration, configuration: ServerConfiguration, logger: Logger,
        metrics: EnvironmentMetrics = .disabled
    ) {
        self.registration = registration
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
    }

    /// Sessions alive or being created: what `--max-sessions` limits.
    public var activeCount: Int { sessions.count + creations.count }

    /// The session of an HTTP request: the default session without a
    /// header, else the named one. `create` is true for `POST /reset`,
    /// which starts a named session; other routes need it to exist.
    func httpSession(id: String?, create: Bool) async throws(ServerError) -> Session {
        guard let id else {
            guard configuration.defaultSessionEnabled else { throw .defaultSessionDisabled }
            return try await session(for: .defaultHTTP)
        }
        let key = SessionKey.named(id)
        guard create || sessions[key] != nil || creations[key] != nil else { throw .sessionNotFound(id) }
        return try await session(for: key)
    }

    /// A new session for a new `/ws` connection; the caller closes it with
    /// `close(_:)` when the connection ends. `disconnect` ends the
    /// connection if the session is reaped for idleness first.
    func openSocketSession(disconnect: @escaping @Sendable () async -> Void) async throws(ServerError) -> Session {
        nextSocketNumber += 1
        let key = SessionKey.socket(nextSocketNumber)
        let session = try await session(for: key)
        disconnectors[key] = disconnect
        return session
    }

    /// Ends a session: it leaves the table at once (freeing its slot) and
    /// its environment is closed after any call in progress.
    func close(_ key: SessionKey) async {
        disconnectors.removeValue(forKey: key)
        guard let session = sessions.removeValue(forKey: key) else { return }
        await session.close()
        logger.debug("Session closed", metadata: ["session": "\(key)"])
    }

    /// Closes sessions idle for longer than the idle timeout, and the
    /// connections of idle WebSocket sessions.
    func reapIdleSessions(now: ContinuousClock.Instant = .now) async {
        guard let timeout = configuration.idleTimeout else { return }
        for (key, session) in sessions where key.isReapable {
            guard await session.isIdle(for: timeout, now: now) else { continue }
            logger.info("Reaping idle session", metadata: ["session": "\(key)"])
            let disconnect = disconnectors[key]
            await close(key)
            await disconnect?()
        }
    }

    /// Runs the idle reaper until the server shuts down, then closes every
    /// session so no environment (or worker process) outlives the server.
    public func run() async throws {
        let interval = configuration.reapInterval
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await self.reapIdleSessions()
            }
        }
        for key in Array(sessions.keys) {
            await close(key)
        }
    }

    private func session(for key: SessionKey) async throws(ServerError) -> Session {
        if let session = sessions[key] { return session }
        let creation: Task<Session, any Error>
        if let pending = creations[key] {
            creation = pending
        } else {
            guard activeCount < configuration.maxSessions else {
                throw .capacityReached(active: activeCount, maximum: configuration.maxSessions)
            }
            let registration = registration
            let metrics = metrics
            creation = Task { Session(key: key, environment: try await registration.makeEnvironment(), metrics: metrics) }
            creations[key] = creation
        }
        do {
            let session = try await creation.value
            if creations.removeValue(forKey: key) != nil {
                sessions[key] = session
                logger.debug("Session created", metadata: ["session": "\(key)"])
            }
            return session
        } catch {
            creations.removeValue(forKey: key)
            throw ServerError(error)
        }
    }
}
