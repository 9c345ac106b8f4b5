import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of `/ws` upgrades: Hummingbird's basic WebSocket
/// context plus the connection's channel, which `WebSocketEndpoint` closes
/// when a client does not let the server shut down.
struct WebSocketConnectionContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}
