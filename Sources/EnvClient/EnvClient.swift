import EnvCore
import Foundation

/// A client for one environment on a codeenv (or any OpenEnv) server,
/// typed by the action it sends:
///
/// ```swift
/// let env = EnvClient<CodeAction>(baseURL: URL(string: "http://localhost:8000")!)
/// _ = try await env.reset()
/// let result = try await env.step(CodeAction(code: "print(6 * 7)"))
/// print(result.observation.stdout, result.reward ?? 0)   // "42\n" 0.1
/// await env.close()
/// ```
///
/// Each client is one episode on its own environment instance, like
/// OpenEnv's Python client: over `/ws` (the default) it is the client's
/// one connection, opened on the first call; over `.http` it is a session
/// id of its own. A dropped connection is never replaced silently (the
/// episode's state went with it): calls throw `.disconnected` until
/// `reconnect()`. Calls may overlap; the server answers them in order.
public final class EnvClient<Action: ClientAction>: Sendable {
    public enum Wire: Sendable {
        /// `/ws`: one connection per client, the server's preferred form.
        case webSocket
        /// `POST /reset`, `POST /step`, `GET /state` with `X-Session-Id`.
        case http
    }

    public let baseURL: URL
    private let transport: any Transport

    /// `baseURL` is the server's root, e.g. `http://localhost:8000`.
    public init(baseURL: URL, over wire: Wire = .webSocket) {
        self.baseURL = baseURL
        switch wire {
        case .webSocket: transport = WebSocketTransport(url: Self.webSocketURL(baseURL))
        case .http: transport = HTTPTransport(baseURL: baseURL)
        }
    }

    /// Starts a fresh episode (a new environment state, step count 0).
    public func reset(seed: Int? = nil, episodeID: String? = nil) async throws(EnvClientError)
        -> ClientStepResult<Action.Observation>
    {
        var options: [String: JSONValue] = [:]
        if let seed { options["seed"] = .int(seed) }
        if let episodeID { options["episode_id"] = .string(episodeID) }
        return try ClientStepResult(json: try await transport.reset(options))
    }

    /// Runs one action in the current episode.
    public func step(_ action: Action) async throws(EnvClientError) -> ClientStepResult<Action.Observation> {
        try ClientStepResult(json: try await transport.step(action.fields))
    }

    /// The current episode's id, step count and environment fields.
    public func state() async throws(EnvClientError) -> ClientState {
        try ClientState(json: try await transport.state())
    }

    /// Gives up the current connection and its episode and starts over on
    /// a new one (over `/ws`, a new connection; over HTTP, a new session).
    public func reconnect() async throws(EnvClientError) {
        try await transport.reconnect()
    }

    /// Ends the connection, which ends the episode on the server at once.
    public func close() async {
        await transport.close()
    }

    /// `http://host:port/prefix` → `ws://host:port/prefix/ws` (https → wss).
    static func webSocketURL(_ baseURL: URL) -> String {
        var components = URLComponents(url: baseURL.appendingPathComponent("ws"), resolvingAgainstBaseURL: false)
        switch components?.scheme {
        case "https": components?.scheme = "wss"
        case "http": components?.scheme = "ws"
        default: break
        }
        return components?.string ?? baseURL.absoluteString
    }
}
