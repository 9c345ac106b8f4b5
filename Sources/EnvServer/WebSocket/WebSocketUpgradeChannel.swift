import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket
import ServiceLifecycle

/// Every connection's pipeline: HTTP/1.1 for the routes, upgraded to a
/// WebSocket for `/ws`, where a `WebSocketSessionHandler` on the channel
/// pipeline answers each message.
///
/// Why not hummingbird-websocket's upgrade channel: it hands each message to
/// an async handler through NIO's async channel and stream bridges, several
/// task switches per message on both directions; on a 2-core host they cost
/// more server CPU than the rest of a trivial step (`perf`: a bare NIO
/// WebSocket echo 18–22 µs per message, the Hummingbird one 62–66 µs).
/// HTTP requests go to Hummingbird's responder exactly as in its own
/// `HTTP1Channel`.
struct WebSocketUpgradeChannel: ServerChildChannel, HTTPChannelHandler {
    enum UpgradeResult: Sendable {
        case webSocket(any Channel, NIOLoopBound<WebSocketSessionHandler>)
        case notUpgraded(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
    }

    struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        let channel: any Channel
    }

    static let path = "/ws"

    let responder: HTTPChannelHandler.Responder
    let endpoint: WebSocketEndpoint

    init(responder: @escaping HTTPChannelHandler.Responder, endpoint: WebSocketEndpoint) {
        self.responder = Self.redirectingLateUpgrades(responder)
        self.endpoint = endpoint
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let upgradeAttempted = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
            let upgrader = NIOTypedWebSocketServerUpgrader<UpgradeResult>(
                maxFrameSize: endpoint.maxMessageBytes,
                shouldUpgrade: { channel, head in
                    upgradeAttempted.value = true
                    let upgrades = head.uri.split(separator: "?", maxSplits: 1).first == Substring(Self.path)
                    if upgrades { Self.logUpgrade(head, logger: logger) }
                    return channel.eventLoop.makeSucceededFuture(upgrades ? HTTPHeaders() : nil)
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = WebSocketSessionHandler(endpoint: endpoint, logger: logger)
                        try channel.pipeline.syncOperations.addHandler(handler)
                        return .webSocket(channel, NIOLoopBound(handler, eventLoop: channel.eventLoop))
                    }
                })
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<UpgradeResult>(
                upgradeConfiguration: NIOTypedHTTPServerUpgradeConfiguration(
                    upgraders: [upgrader],
                    notUpgradingCompletionHandler: { channel in
                        channel.eventLoop.makeCompletedFuture {
                            let http = try Self.http(channel, logger: logger)
                            return upgradeAttempted.value ? .refused(http) : .notUpgraded(http)
                        }
                    }))
            configuration.enablePipelining = false  // NIOAsyncChannel pipelines HTTP
            configuration.enableErrorHandling = false  // Hummingbird handles errors
            configuration.enableResponseHeaderValidation = false  // HTTPTypes validated them
            let upgradeResult = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                configuration: configuration)
            return Value(upgradeResult: upgradeResult, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgradeResult.get() {
            case .notUpgraded(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .refused(let http):
                await Self.refuseUpgrade(http, logger: logger)
            case .webSocket(let channel, let handler):
                await withGracefulShutdownHandler {
                    try? await channel.closeFuture.get()
                } onGracefulShutdown: {
                    channel.eventLoop.execute { handler.value.serverIsShuttingDown() }
                }
            }
        } catch {
            logger.debug("connection ended before its HTTP upgrade was settled", metadata: ["error": "\(error)"])
        }
    }

    /// The HTTP half of the pipeline, as Hummingbird's `HTTP1Channel` builds it.
    private static func http(
        _ channel: any Channel, logger: Logger
    ) throws -> NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart> {
        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(logger: logger))
        return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
    }

    /// An upgrade to any path but `/ws`: 400, and the connection closes.
    private static func refuseUpgrade(_ http: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, logger: Logger) async {
        do {
            try await http.executeThenClose { _, outbound in
                let response = HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])
                try await outbound.write(contentsOf: [.head(response), .end(nil)])
            }
        } catch {
            logger.trace("could not refuse a WebSocket upgrade: \(error)")
        }
    }

    /// NIO upgrades only a connection's first request. A later request on a
    /// kept-alive connection asking for one is redirected to the same URI
    /// and the connection closed, so the client retries on a new one (as
    /// hummingbird-websocket does).
    private static func redirectingLateUpgrades(_ responder: @escaping Responder) -> Responder {
        struct RedirectedUpgrade: Error {}
        return { request, writer, channel in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else {
                return try await responder(request, writer, channel)
            }
            let location = request.uri.query.map { "\(request.uri.path)?\($0)" } ?? request.uri.path
            try await writer.writeResponse(HTTPResponse(status: .temporaryRedirect, headerFields: [.connection: "close", .location: location]))
            throw RedirectedUpgrade()
        }
    }

    /// The request log's line for an upgrade (`RequestLoggingMiddleware`
    /// writes it for every other request).
    private static func logUpgrade(_ head: HTTPRequestHead, logger: Logger) {
        RequestLogLine.write(to: logger, method: head.method.rawValue, path: Self.path, status: 101)
    }
}
