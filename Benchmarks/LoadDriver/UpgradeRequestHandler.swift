import NIOCore
import NIOHTTP1

/// Sends the GET that the WebSocket upgrader turns into the upgrade
/// request, and reports an upgrade the server refused. Removed once the
/// upgrade succeeded: WebSocket frames never reach it.
final class UpgradeRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let target: WebSocketTarget
    private let driver: SessionDriver

    init(target: WebSocketTarget, driver: SessionDriver) {
        self.target = target
        self.driver = driver
    }

    func channelActive(context: ChannelHandlerContext) {
        let headers = HTTPHeaders([("Host", "\(target.host):\(target.port)"), ("Content-Length", "0")])
        context.write(wrapOutboundOut(.head(HTTPRequestHead(version: .http1_1, method: .GET, uri: target.path, headers: headers))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    /// Reached only when the server answered without upgrading.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        driver.fail("the server refused the WebSocket upgrade: HTTP \(head.status.code)", context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        driver.fail("\(error)", context: context)
    }
}
