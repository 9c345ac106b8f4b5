/// Which session a request belongs to.
public enum SessionKey: Hashable, Sendable, CustomStringConvertible {
    /// The server's one shared environment, for HTTP requests without a
    /// session header (OpenEnv's first HTTP clients).
    case defaultHTTP
    /// An `X-Session-Id` session, created on its first `POST /reset`.
    case named(String)
    /// One `/ws` connection; the number is unique for the server's life.
    case socket(UInt64)

    public var description: String {
        switch self {
        case .defaultHTTP: "default"
        case .named(let id): id
        case .socket(let number): "ws-\(number)"
        }
    }

    /// Every session but the default one is reaped when idle: the default
    /// session is the server's own, shared by every header-less request.
    var isReapable: Bool {
        self != .defaultHTTP
    }
}
