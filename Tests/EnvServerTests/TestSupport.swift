import EnvCore
import EnvServer
import Environments
import Hummingbird
import HummingbirdTesting
import HummingbirdWebSocket
import NIOWebSocket
import HummingbirdWSTesting
import Logging
import Synchronization
import Testing

/// The echo environment as `codeenv serve --env echo` registers it.
let echoRegistration: EnvironmentRegistration = {
    var registry = EnvironmentRegistry()
    registry.register("echo", EchoEnvironment.self) { EchoEnvironment() }
    return try! registry.registration(named: "echo")
}()

/// A quiet logger: tests assert on responses, not on log lines.
let testLogger: Logger = {
    var logger = Logger(label: "codeenv-test")
    logger.logLevel = .error
    return logger
}()

func makeServer(
    _ registration: EnvironmentRegistration = echoRegistration,
    _ configuration: ServerConfiguration = ServerConfiguration(host: "127.0.0.1", port: 0)
) throws -> some ApplicationProtocol {
    try EnvServerApplication.make(registration: registration, configuration: configuration, logger: testLogger)
}

extension TestResponse {
    /// The body parsed as JSON.
    var json: JSONValue {
        get throws { try JSONParser.parse(body.readableBytesView) }
    }
}

extension TestClientProtocol {
    /// Sends `body` (JSON text, or nothing) and returns the response.
    func send(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        try await execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

/// What one WebSocket conversation received: each reply, parsed, and how
/// the server closed the connection.
struct Conversation: Sendable {
    var replies: [JSONValue]
    var closeCode: WebSocketErrorCode?
}

extension TestClientProtocol {
    /// Opens `/ws`, sends each frame in turn and waits for one reply to it,
    /// then either closes the connection or, with `awaitingClose`, waits
    /// for the server to close it.
    func converse(_ frames: [WebSocketMessage], awaitingClose: Bool = false) async throws -> Conversation {
        let replies = Mutex<[JSONValue]>([])
        let closeFrame = try await ws("/ws") { inbound, outbound, _ in
            var iterator = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
            for frame in frames {
                switch frame {
                case .text(let text): try await outbound.write(.text(text))
                case .binary(let buffer): try await outbound.write(.binary(buffer))
                }
                guard case .text(let reply) = try await iterator.next() else { return }
                let parsed = try JSONParser.parse(reply)
                replies.withLock { $0.append(parsed) }
            }
            guard awaitingClose else { return }
            while try await iterator.next() != nil {}
        }
        return Conversation(replies: replies.withLock { $0 }, closeCode: closeFrame?.closeCode)
    }

    func converse(_ texts: [String], awaitingClose: Bool = false) async throws -> Conversation {
        try await converse(texts.map { WebSocketMessage.text($0) }, awaitingClose: awaitingClose)
    }
}
