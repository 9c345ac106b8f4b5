import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// Opens one session's connection, upgrades it to WebSocket, and hands it
/// to a `SessionDriver`; whatever goes wrong, the session's outcome is
/// delivered exactly once.
struct SessionDialer: Sendable {
    let plan: LoadPlan
    let target: WebSocketTarget
    let messages: EncodedMessages
    let barriers: SessionBarriers
    let collector: OutcomeCollector

    /// Starts the session; the future completes once its connection has
    /// ended, or failed to open.
    func start() -> EventLoopFuture<Void> {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let session = NIOLoopBoundBox.makeEmptyBox(valueType: SessionDriver.self, eventLoop: eventLoop)
        return ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                let driver = SessionDriver(plan: plan, messages: messages, barriers: barriers, collector: collector)
                session.value = driver
                channel.closeFuture.whenComplete { _ in session.value?.connectionEnded() }
                return upgradePipeline(on: channel, driver: driver)
            }
            .connect(host: target.host, port: target.port)
            .flatMap { $0.closeFuture }
            .flatMapError { error in
                // The connect promise fails before the channel's close future
                // completes, so the driver (when there is one) learns why first.
                if let driver = session.value {
                    driver.connectFailed("cannot connect to \(target.host):\(target.port): \(error)")
                } else {
                    var outcome = SessionOutcome()
                    outcome.fail("cannot connect to \(target.host):\(target.port): \(error)")
                    barriers.allResets.abandon()
                    collector.deliver(outcome)
                    if plan.holdOpen { barriers.release.abandon() }
                }
                return eventLoop.makeSucceededVoidFuture()
            }
    }

    private func upgradePipeline(on channel: any Channel, driver: SessionDriver) -> EventLoopFuture<Void> {
        let requestHandler = UpgradeRequestHandler(target: target, driver: driver)
        let handlers = NIOLoopBound((driver: driver, request: requestHandler), eventLoop: channel.eventLoop)
        let upgrader = NIOWebSocketClientUpgrader(maxFrameSize: 16 << 20) { channel, _ in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handlers.value.driver) }
        }
        return channel.pipeline.addHTTPClientHandlers(
            withClientUpgrade: (upgraders: [upgrader], completionHandler: { context in
                context.pipeline.syncOperations.removeHandler(handlers.value.request, promise: nil)
            })
        ).flatMapThrowing {
            try channel.pipeline.syncOperations.addHandler(handlers.value.request)
        }
    }
}
