import EnvCore

/// `/ws`: one connection, so one environment instance and its episode,
/// for the client's whole life. Opened on the first call; once it ends,
/// every call fails with `.disconnected` until `reconnect()`, so an
/// episode is never silently swapped for a fresh one under the caller.
actor WebSocketTransport: Transport {
    private let url: String
    private var connection: WebSocketConnection?
    private var lost: EnvClientError?
    private var isClosed = false

    /// `url` is the `ws://` or `wss://` address of `/ws`.
    init(url: String) {
        self.url = url
    }

    func reset(_ options: [String: JSONValue]) async throws(EnvClientError) -> JSONValue {
        try await send(["type": "reset", "data": .object(options)], expecting: "observation")
    }

    func step(_ action: [String: JSONValue]) async throws(EnvClientError) -> JSONValue {
        try await send(["type": "step", "data": .object(action)], expecting: "observation")
    }

    func state() async throws(EnvClientError) -> JSONValue {
        try await send(["type": "state"], expecting: "state")
    }

    func reconnect() async throws(EnvClientError) {
        guard !isClosed else { throw .closed }
        connection?.close()
        connection = nil
        lost = nil
        connection = try await WebSocketConnection.open(url: url)
    }

    func close() {
        isClosed = true
        connection?.close()
        connection = nil
    }

    private func send(_ message: JSONValue, expecting type: String) async throws(EnvClientError) -> JSONValue {
        guard !isClosed else { throw .closed }
        if let lost { throw lost }
        let open: WebSocketConnection
        if let connection {
            open = connection
        } else {
            open = try await WebSocketConnection.open(url: url)
            connection = open
        }
        let reply: JSONValue
        do {
            reply = try await open.exchange(message)
        } catch {
            if case .disconnected = error { lost = error }
            if case .server(let code, _) = error, code == "CAPACITY_REACHED" { lost = error }
            throw error
        }
        let members = reply.objectValue ?? [:]
        let data = members["data"] ?? .null
        switch members["type"]?.stringValue {
        case type: return data
        case "error": throw .refusal(frame: data)
        default: throw .unexpectedReply("expected a \"\(type)\" message, got \(reply.jsonText.prefix(300))")
        }
    }
}
