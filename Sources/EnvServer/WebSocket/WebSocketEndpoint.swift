import EnvCore

/// What every `/ws` connection shares: the sessions it opens and the
/// limits and timings it keeps.
struct WebSocketEndpoint: Sendable {
    let sessions: SessionManager
    /// Largest message (all its frames together) and largest frame.
    let maxMessageBytes: Int
    /// Past this after shutdown began, the connection is cut (see
    /// `ServerConfiguration.shutdownGrace`).
    let shutdownGrace: Duration
    /// How long the server waits for the client's answer to its close frame.
    var closeTimeout: Duration = .seconds(15)
    /// A connection silent this long is pinged; one silent for two periods
    /// (a dead peer) is closed.
    var pingInterval: Duration = .seconds(30)
}
