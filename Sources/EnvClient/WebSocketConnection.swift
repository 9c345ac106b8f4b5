import EnvCore
import HummingbirdWSClient
import Logging
import Synchronization

/// One open `/ws` connection: requests go out in call order and each
/// reply is handed to the oldest caller still waiting, since the server
/// answers one message at a time, in order.
///
/// Ownership: the connection owns the task running the WebSocket client.
/// `close()` ends the outgoing stream, which makes the handler close the
/// socket; the task then ends. When the socket ends for any other reason
/// (the server closed it, the network failed) every waiting caller and
/// every later one gets `.disconnected`, or the server's last refusal
/// (`CAPACITY_REACHED`) when it sent one before closing.
final class WebSocketConnection: Sendable {
    private struct State {
        var waiting: [CheckedContinuation<JSONValue, any Error>] = []
        var ended: EnvClientError?
        /// An error frame no request asked for: the server's reason to close.
        var refusal: EnvClientError?
    }

    /// The largest reply accepted: a coding step carries up to two capped
    /// output streams plus JSON escaping.
    static let maxMessageBytes = 64 << 20

    private let url: String
    private let outgoing: AsyncStream<String>.Continuation
    private let state = Mutex(State())

    private init(url: String, outgoing: AsyncStream<String>.Continuation) {
        self.url = url
        self.outgoing = outgoing
    }

    /// Connects; returns once the WebSocket handshake succeeded.
    static func open(url: String) async throws(EnvClientError) -> WebSocketConnection {
        let (requests, outgoing) = AsyncStream.makeStream(of: String.self)
        let connection = WebSocketConnection(url: url, outgoing: outgoing)
        let result = await withCheckedContinuation { (ready: CheckedContinuation<EnvClientError?, Never>) in
            let opened = Once(ready)
            Task {
                var reason = "the server closed the connection"
                do {
                    try await WebSocketClient.connect(
                        url: url, configuration: .init(maxFrameSize: 16 << 20), logger: Logger(label: "codeenv.client")
                    ) { inbound, outbound, _ in
                        opened.resume(nil)
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            group.addTask {
                                for await text in requests { try await outbound.write(.text(text)) }
                                try await outbound.close(.normalClosure, reason: nil)
                            }
                            for try await message in inbound.messages(maxSize: maxMessageBytes) {
                                connection.received(message)
                            }
                            group.cancelAll()
                        }
                    }
                } catch {
                    reason = "\(error)"
                    opened.resume(.connectionFailed(url: url, reason: reason))
                }
                opened.resume(.connectionFailed(url: url, reason: "the server closed the connection during the handshake"))
                connection.ended(reason: reason)
            }
        }
        if let result { throw result }
        return connection
    }

    /// Sends one message and returns the server's reply to it.
    func exchange(_ message: JSONValue) async throws(EnvClientError) -> JSONValue {
        do {
            return try await withCheckedThrowingContinuation { reply in
                let refused: EnvClientError? = state.withLock { state in
                    if let ended = state.ended { return state.refusal ?? ended }
                    state.waiting.append(reply)
                    return nil
                }
                if let refused {
                    reply.resume(throwing: refused)
                } else {
                    outgoing.yield(message.jsonText)
                }
            }
        } catch let error as EnvClientError {
            throw error
        } catch {
            throw .unexpectedReply("\(error)")
        }
    }

    /// Closes the socket; waiting callers get `.closed`.
    func close() {
        outgoing.finish()
        fail(with: .closed)
    }

    private func received(_ message: WebSocketMessage) {
        guard case .text(let text) = message else {
            return deliver(.failure(.unexpectedReply("a binary message")))
        }
        do {
            deliver(.success(try JSONParser.parse(text)))
        } catch {
            deliver(.failure(.unexpectedReply("invalid JSON: \(error)")))
        }
    }

    private func deliver(_ reply: Result<JSONValue, EnvClientError>) {
        let waiter: CheckedContinuation<JSONValue, any Error>? = state.withLock { state in
            guard !state.waiting.isEmpty else {
                if case .success(let json) = reply, json.objectValue?["type"] == "error",
                    let data = json.objectValue?["data"]
                {
                    state.refusal = .refusal(frame: data)
                }
                return nil
            }
            return state.waiting.removeFirst()
        }
        waiter?.resume(with: reply.mapError { $0 as any Error })
    }

    private func ended(reason: String) {
        outgoing.finish()
        fail(with: .disconnected(url: url, reason: reason))
    }

    private func fail(with error: EnvClientError) {
        let waiters = state.withLock { state in
            if state.ended == nil { state.ended = error }
            defer { state.waiting = [] }
            return state.waiting
        }
        let reason = state.withLock { $0.refusal } ?? error
        for waiter in waiters { waiter.resume(throwing: reason) }
    }
}

/// A continuation resumed by whichever of several paths gets there first.
private final class Once<Value: Sendable>: Sendable {
    private let target: Mutex<CheckedContinuation<Value, Never>?>

    init(_ target: CheckedContinuation<Value, Never>) {
        self.target = Mutex(target)
    }

    func resume(_ value: Value) {
        let target = self.target.withLock { target in
            defer { target = nil }
            return target
        }
        target?.resume(returning: value)
    }
}
