import EnvCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import ServiceLifecycle

/// `/ws`: one connection, one environment, one episode at a time.
///
/// The connection's session is created when it opens (refused with
/// `CAPACITY_REACHED` and a normal close when the server is full) and
/// closed as soon as the connection ends, however it ends: a `close`
/// message, the client going away, or the idle timeout. Messages are
/// handled one after another, so the environment sees them in order.
struct WebSocketEndpoint: Sendable {
    let sessions: SessionManager
    let maxMessageBytes: Int
    /// Past this after shutdown began, the connection is cut (see
    /// `ServerConfiguration.shutdownGrace`).
    let shutdownGrace: Duration

    func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel, logger: Logger
    ) async throws {
        let session: Session
        do {
            session = try await sessions.openSocketSession {
                try? await outbound.close(.goingAway, reason: "idle timeout")
            }
        } catch {
            try await outbound.send(WebSocketReply.error(error))
            try await outbound.close(.normalClosure, reason: nil)
            return
        }
        do {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask {
                    do {
                        try await gracefulShutdown()
                        try await Task.sleep(for: shutdownGrace)
                    } catch {
                        return  // cancelled: the connection ended first
                    }
                    logger.info("closing a WebSocket connection that outlived the shutdown grace")
                    channel.close(promise: nil)
                }
                try await converse(with: session, inbound: inbound, outbound: outbound, logger: logger)
                group.cancelAll()
            }
        } catch {
            logger.debug("WebSocket connection failed", metadata: ["error": "\(error)"])
        }
        // The slot is free before the client sees the close, so it can
        // reconnect at once even on a full server.
        await sessions.close(session.key)
        try? await outbound.close(.normalClosure, reason: nil)
    }

    /// Answers messages until the client sends `close`, goes away, or sends
    /// something that ends the connection (that error is sent first).
    private func converse(
        with session: Session, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger
    ) async throws {
        for try await message in inbound.messages(maxSize: maxMessageBytes) {
            guard case .text(let text) = message else {
                try await outbound.send(WebSocketReply.error(.malformedMessage("binary frames are not supported; send JSON text")))
                return
            }
            do {
                switch try WebSocketRequest(text: text) {
                case .reset(let options):
                    let result = try await session.reset(seed: options.seed, episodeID: options.episodeID)
                    try await outbound.send(WebSocketReply.observation(result))
                case .step(let action):
                    let result = try await session.step(action, context: StepContext())
                    try await outbound.send(WebSocketReply.observation(result))
                case .state:
                    try await outbound.send(WebSocketReply.state(try await session.state()))
                case .close:
                    return
                }
            } catch {
                let serverError = ServerError(error)
                logger.debug("WebSocket message refused", metadata: ["code": "\(serverError.webSocketCode.rawValue)"])
                try await outbound.send(WebSocketReply.error(serverError))
                if serverError.closesWebSocket { return }
            }
        }
    }
}

extension WebSocketOutboundWriter {
    /// Sends one JSON text message, from the writer's UTF-8 bytes: going
    /// through a `String` would validate and copy a step's output twice more.
    func send(_ value: JSONValue) async throws {
        try await write(.custom(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: value.jsonBytes))))
    }
}
