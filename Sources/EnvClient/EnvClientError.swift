import EnvCore

/// Why a client call produced no result. Each message says what to do next.
public enum EnvClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached or the connection could not be set up.
    case connectionFailed(url: String, reason: String)
    /// The `/ws` connection ended (the server closed it, restarted or went
    /// away). Its episode is gone with it; `reconnect()` opens a new one.
    case disconnected(url: String, reason: String)
    /// The server refused the request: a `/ws` error frame (`code` as
    /// PROTOCOL.md names it, e.g. `VALIDATION_ERROR`) or an HTTP status
    /// (`code` is `HTTP <status>`), with the server's own message.
    case server(code: String, message: String)
    /// The server answered something that is not the protocol's shape.
    case unexpectedReply(String)
    /// The client was closed; make a new one.
    case closed

    public var description: String {
        switch self {
        case .connectionFailed(let url, let reason):
            "cannot connect to \(url): \(reason) (is `codeenv serve` running there?)"
        case .disconnected(let url, let reason):
            "the connection to \(url) ended (\(reason)); its episode is lost: call reconnect() to start a new one"
        case .server(let code, let message): "the server refused the request: \(code): \(message)"
        case .unexpectedReply(let detail): "the server's reply is not OpenEnv's protocol: \(detail)"
        case .closed: "the client was closed; create a new EnvClient"
        }
    }

    /// A `/ws` error frame's `data` as an error.
    static func refusal(frame data: JSONValue) -> EnvClientError {
        refusal(code: data.objectValue?["code"]?.stringValue ?? "ERROR", body: data)
    }

    /// An error body (`message`, or FastAPI's `detail`) as an error.
    static func refusal(code: String, body: JSONValue) -> EnvClientError {
        let members = body.objectValue ?? [:]
        let message = members["message"]?.stringValue ?? members["detail"].map { $0.jsonText } ?? body.jsonText
        return .server(code: code, message: message)
    }
}
