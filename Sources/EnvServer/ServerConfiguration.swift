/// What `codeenv serve` was told on its command line, as the server uses it.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Most environment instances alive at once (default, header and
    /// WebSocket sessions together); past it, 503 and `CAPACITY_REACHED`.
    public var maxSessions: Int
    /// A header session unused this long is closed; a WebSocket silent this
    /// long is closed. Nil keeps them forever.
    public var idleTimeout: Duration?
    /// Largest request body (and `/ws` message) accepted; past it, 413.
    public var maxBodyBytes: Int
    /// Whether requests without `X-Session-Id` share one default
    /// environment. Off for multi-tenant deployments.
    public var defaultSessionEnabled: Bool
    /// How often the idle reaper looks for idle sessions.
    public var reapInterval: Duration
    /// How long a WebSocket connection may stay open once the server is
    /// shutting down. Clients are sent a close frame at once and a client
    /// that answers ends its connection; one that never reads (hung, or its
    /// network gone) would otherwise hold the shutdown forever.
    public var shutdownGrace: Duration

    public init(
        host: String = "0.0.0.0", port: Int = 8000, maxSessions: Int = 64, idleTimeout: Duration? = .seconds(600),
        maxBodyBytes: Int = 10 << 20, defaultSessionEnabled: Bool = true, reapInterval: Duration? = nil,
        shutdownGrace: Duration = .seconds(15)
    ) {
        self.host = host
        self.port = port
        self.maxSessions = maxSessions
        self.idleTimeout = idleTimeout
        self.maxBodyBytes = maxBodyBytes
        self.defaultSessionEnabled = defaultSessionEnabled
        self.reapInterval = reapInterval ?? Self.defaultReapInterval(for: idleTimeout)
        self.shutdownGrace = shutdownGrace
    }

    /// A tenth of the idle timeout, between 1 and 30 seconds, so a session
    /// outlives its timeout by at most a tenth.
    static func defaultReapInterval(for idleTimeout: Duration?) -> Duration {
        guard let idleTimeout else { return .seconds(30) }
        return min(max(idleTimeout / 10, .seconds(1)), .seconds(30))
    }
}
