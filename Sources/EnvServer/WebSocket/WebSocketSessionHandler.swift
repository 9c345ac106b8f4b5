import EnvCore
import Logging
import NIOCore
import NIOWebSocket

/// `/ws`: one connection, one environment, one episode at a time, on the
/// connection's channel pipeline.
///
/// The connection's session is opened when the upgrade completes (refused
/// with `CAPACITY_REACHED` and a normal close when the server is full) and
/// closed as soon as the connection ends, however it ends: a `close`
/// message, the client going away, the idle timeout or server shutdown.
/// Messages are answered one after another, in order; a message that needs
/// the environment is answered by one task, whose reply is written from
/// here, so a step costs one task and no stream hand-offs.
///
/// Backpressure: a client that sends faster than it is answered, or does not
/// read its replies, is not read from until the replies it has not taken
/// and the messages waiting for an answer are few again.
///
/// Ownership: lives on the channel's event loop; tasks and timers come back
/// to it through a `LoopReference`.
final class WebSocketSessionHandler: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// Messages read ahead of the one being answered before reading stops.
    static let maxWaitingMessages = 8

    /// A message's answer, and whether the connection closes after it.
    private struct Reply: Sendable {
        let message: JSONValue
        let closes: Bool
    }

    /// The way back to the handler from a task or a timer: `run` calls its
    /// body with the handler on the channel's event loop (at once when
    /// already there).
    private struct LoopReference: Sendable {
        let handler: NIOLoopBound<WebSocketSessionHandler>
        let eventLoop: any EventLoop

        func run(_ body: @escaping @Sendable (WebSocketSessionHandler) -> Void) {
            if eventLoop.inEventLoop {
                body(handler.value)
            } else {
                eventLoop.execute { body(handler.value) }
            }
        }
    }

    private enum SessionState {
        case opening
        case open(Session)
        /// Closed or being closed: no further message is answered.
        case ended
    }

    private let endpoint: WebSocketEndpoint
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var state = SessionState.opening
    private var assembler: WebSocketMessageAssembler
    private var pending = CircularBuffer<WebSocketMessageAssembler.Message>()
    private var answering = false
    private var closeSent = false
    private var closeTimer: Scheduled<Void>?
    private var pinger: RepeatedTask?
    private var heardSinceLastCheck = true
    private var pingOutstanding = false
    /// A read the pipeline asked for while too much was waiting.
    private var readHeld = false

    init(endpoint: WebSocketEndpoint, logger: Logger) {
        self.endpoint = endpoint
        self.logger = logger
        assembler = WebSocketMessageAssembler(maxMessageBytes: endpoint.maxMessageBytes)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let me = reference(context)
        let interval = TimeAmount(endpoint.pingInterval)
        pinger = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            me.run { $0.checkLiveness() }
        }
        openSession(me)
    }

    private func reference(_ context: ChannelHandlerContext) -> LoopReference {
        LoopReference(handler: NIOLoopBound(self, eventLoop: context.eventLoop), eventLoop: context.eventLoop)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        heardSinceLastCheck = true
        switch frame.opcode {
        case .ping:
            guard !closeSent else { return }
            write(.pong, frame.unmaskedData)
        case .pong:
            pingOutstanding = false
        case .connectionClose:
            closeReceived(frame, context: context)
        default:
            do {
                if let message = try assembler.add(frame), !closeSent {
                    pending.append(message)
                    answerNext()
                }
            } catch {
                endSession(closing: error.code)
            }
        }
    }

    /// Reads only while few messages wait and the client takes its replies.
    func read(context: ChannelHandlerContext) {
        guard pending.count < Self.maxWaitingMessages, context.channel.isWritable else {
            readHeld = true
            return
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            answerNext()
            releaseHeldRead()
        }
        context.fireChannelWritabilityChanged()
    }

    private func releaseHeldRead() {
        guard readHeld, let context, pending.count < Self.maxWaitingMessages, context.channel.isWritable else { return }
        readHeld = false
        context.read()
    }

    /// The handler keeps its context and its timers keep the handler: both
    /// references go when the pipeline lets the handler go.
    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimers()
        self.context = nil
    }

    private func stopTimers() {
        pinger?.cancel()
        pinger = nil
        closeTimer?.cancel()
        closeTimer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimers()
        if case .open(let session) = state {
            let sessions = endpoint.sessions
            Task { await sessions.close(session.key) }
        }
        state = .ended
        context.fireChannelInactive()
    }

    /// The client shut its sending side down (the server allows half-closed
    /// connections for HTTP): nothing more will come, the conversation is over.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { context.close(promise: nil) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("WebSocket connection failed", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    /// Shutdown began: the client is asked to close at once, and cut off
    /// after the shutdown grace if it does not.
    func serverIsShuttingDown() {
        guard let context else { return }
        sendClose(.normalClosure)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: TimeAmount(endpoint.shutdownGrace)) { [logger] in
            guard channel.isActive else { return }
            logger.info("closing a WebSocket connection that outlived the shutdown grace")
            channel.close(promise: nil)
        }
    }

    // MARK: Session

    private func openSession(_ me: LoopReference) {
        let sessions = endpoint.sessions
        Task {
            do throws(ServerError) {
                let session = try await sessions.openSocketSession {
                    me.run { $0.sendClose(.goingAway, reason: "idle timeout") }
                }
                me.run { $0.opened(session) }
            } catch {
                me.run { $0.refused(error) }
            }
        }
    }

    private func opened(_ session: Session) {
        guard case .opening = state else {
            // The connection ended while the session was being created.
            let sessions = endpoint.sessions
            Task { await sessions.close(session.key) }
            return
        }
        state = .open(session)
        answerNext()
    }

    private func refused(_ error: ServerError) {
        guard case .opening = state else { return }
        state = .ended
        send(WebSocketReply.error(error))
        sendClose(.normalClosure)
    }

    /// Ends the session, then closes the connection: the slot is free
    /// before the client sees the close, so it can reconnect at once even
    /// on a full server.
    private func endSession(closing code: WebSocketErrorCode = .normalClosure) {
        let previous = state
        state = .ended
        pending.removeAll()
        guard case .open(let session) = previous, let context else { return sendClose(code) }
        let me = reference(context)
        let sessions = endpoint.sessions
        Task {
            await sessions.close(session.key)
            me.run { $0.sendClose(code) }
        }
    }

    // MARK: Messages

    /// Answers the oldest waiting message, unless one is being answered or
    /// the client has not taken the replies already sent.
    private func answerNext() {
        guard !answering, case .open(let session) = state, context?.channel.isWritable == true,
            let message = pending.popFirst()
        else { return }
        releaseHeldRead()
        guard case .text(let text) = message else {
            send(WebSocketReply.error(.malformedMessage("binary frames are not supported; send JSON text")))
            return endSession()
        }
        let request: WebSocketRequest
        do {
            request = try WebSocketRequest(text: text)
        } catch {
            return answered(Self.refusal(error, logger: logger))
        }
        switch request {
        case .reset(let options):
            ask(session) { WebSocketReply.observation(try await $0.reset(seed: options.seed, episodeID: options.episodeID)) }
        case .step(let action):
            ask(session) { WebSocketReply.observation(try await $0.step(action, context: StepContext())) }
        case .state:
            ask(session) { WebSocketReply.state(try await $0.state()) }
        case .close:
            endSession()
        }
    }

    /// Calls the session in a task and answers with what it returns.
    private func ask(_ session: Session, _ call: @escaping @Sendable (Session) async throws -> JSONValue) {
        guard let context else { return }
        answering = true
        let me = reference(context)
        let logger = logger
        Task {
            let reply = await WebSocketSessionHandler.reply(from: call, session: session, logger: logger)
            me.run { $0.answered(reply) }
        }
    }

    private static func reply(
        from call: @Sendable (Session) async throws -> JSONValue, session: Session, logger: Logger
    ) async -> Reply {
        do {
            return Reply(message: try await call(session), closes: false)
        } catch {
            return refusal(ServerError(error), logger: logger)
        }
    }

    private func answered(_ reply: Reply) {
        answering = false
        guard case .open = state else { return }
        send(reply.message)
        if reply.closes { endSession() } else { answerNext() }
    }

    private static func refusal(_ error: ServerError, logger: Logger) -> Reply {
        logger.debug("WebSocket message refused", metadata: ["code": "\(error.webSocketCode.rawValue)"])
        return Reply(message: WebSocketReply.error(error), closes: error.closesWebSocket)
    }

    /// One JSON text message, from the writer's UTF-8 bytes: going through a
    /// `String` would validate and copy a step's output twice more.
    private func send(_ message: JSONValue) {
        guard !closeSent else { return }
        write(.text, ByteBuffer(bytes: message.jsonBytes))
    }

    /// One whole frame, flushed at once.
    private func write(_ opcode: WebSocketOpcode, _ data: ByteBuffer) {
        context?.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: opcode, data: data)), promise: nil)
    }

    // MARK: Closing and liveness

    /// Starts the close handshake: the connection closes when the client
    /// answers, or after the close timeout.
    private func sendClose(_ code: WebSocketErrorCode, reason: String? = nil) {
        guard let context, !closeSent, context.channel.isActive else { return }
        closeSent = true
        var data = context.channel.allocator.buffer(capacity: 2 + (reason?.utf8.count ?? 0))
        data.write(webSocketErrorCode: code)
        if let reason { data.writeString(reason) }
        write(.connectionClose, data)
        let channel = context.channel
        closeTimer = context.eventLoop.scheduleTask(in: TimeAmount(endpoint.closeTimeout)) {
            channel.close(promise: nil)
        }
    }

    /// The client's close frame: the answer to ours, or its own close,
    /// which is answered with its code before the server closes the TCP
    /// connection (the side that closes first is the server's, RFC 6455 §7.1.1).
    private func closeReceived(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        if !closeSent {
            var data = frame.unmaskedData
            let code = data.readWebSocketErrorCode() ?? .normalClosure
            sendClose(code)
        }
        context.close(promise: nil)
    }

    /// Runs every ping interval: pings a client silent for a whole interval,
    /// and closes the connection of one that did not answer the last ping.
    private func checkLiveness() {
        guard let context, !closeSent else { return }
        if pingOutstanding && !heardSinceLastCheck {
            logger.debug("closing a WebSocket connection whose client stopped answering pings")
            sendClose(.goingAway, reason: "ping timeout")
            context.close(promise: nil)
        } else if !heardSinceLastCheck {
            pingOutstanding = true
            write(.ping, ByteBuffer())
        }
        heardSinceLastCheck = false
    }
}
