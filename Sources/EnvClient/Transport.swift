import EnvCore

/// How a client reaches its environment: each call returns the `data` of
/// the server's answer (a StepResult or a State, as JSON).
protocol Transport: Sendable {
    func reset(_ options: [String: JSONValue]) async throws(EnvClientError) -> JSONValue
    func step(_ action: [String: JSONValue]) async throws(EnvClientError) -> JSONValue
    func state() async throws(EnvClientError) -> JSONValue
    /// Drops the current connection (and its episode) and opens a new one.
    func reconnect() async throws(EnvClientError)
    func close() async
}
