import NIOCore
import NIOWebSocket

/// One `/ws` session run closed loop on its channel's event loop: each
/// request goes out from the handler that read the previous reply, and its
/// latency is write-to-reply.
///
/// A channel handler rather than an async WebSocket client because the
/// driver shares the machine's two cores with the server it measures: an
/// async client (hummingbird-websocket's) cost ~0.1 ms of CPU per step
/// in task switches and stream hand-offs, which the server's latency and
/// throughput then carried.
///
/// Ownership: created by `SessionDialer` on the channel's event loop, and
/// touched only there (the barriers resume it with `EventLoop.execute`).
final class SessionDriver: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private enum Phase {
        case connecting
        case resetting(cycle: Int)
        case settingUp(cycle: Int)
        case warmingUp(remaining: Int)
        case waitingForAllResets
        case stepping(cycle: Int, remaining: Int)
        case finished
    }

    /// The largest reply accepted: two capped output streams plus escaping.
    static let maxReplyBytes = 64 << 20

    private let plan: LoadPlan
    private let messages: EncodedMessages
    private let barriers: SessionBarriers
    private let collector: OutcomeCollector
    private var phase = Phase.connecting
    private var outcome = SessionOutcome()
    private var sentAt: UInt64 = 0
    private var partialReply: ByteBuffer?
    private var arrivedAtAllResets = false
    private var concluded = false

    init(plan: LoadPlan, messages: EncodedMessages, barriers: SessionBarriers, collector: OutcomeCollector) {
        self.plan = plan
        self.messages = messages
        self.barriers = barriers
        self.collector = collector
    }

    /// Added once the upgrade succeeded: the session starts.
    func handlerAdded(context: ChannelHandlerContext) {
        phase = .resetting(cycle: 0)
        send(messages.reset, context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .continuation:
            var data = frame.data
            if var partial = partialReply {
                partial.writeBuffer(&data)
                data = partial
            }
            guard frame.fin else {
                guard data.readableBytes <= Self.maxReplyBytes else {
                    return fail("a reply longer than \(Self.maxReplyBytes) bytes", context: context)
                }
                partialReply = data
                return
            }
            partialReply = nil
            replied(String(buffer: data), context: context)
        case .binary:
            replied("a binary reply", context: context)
        case .ping:
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.data)), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail("\(error)", context: context)
    }

    /// The connection ended, however it ended.
    func connectionEnded() {
        if case .finished = phase {} else { outcome.fail("the connection closed before the session finished") }
        phase = .finished
        conclude(context: nil)
    }

    /// Records why the connection never opened; `connectionEnded` follows.
    func connectFailed(_ reason: String) {
        outcome.fail(reason)
        phase = .finished
    }

    /// Records why the session cannot go on, and closes its connection.
    func fail(_ reason: String, context: ChannelHandlerContext) {
        outcome.fail(reason)
        phase = .finished
        conclude(context: nil)
        context.close(promise: nil)
    }

    private func replied(_ reply: String, context: ChannelHandlerContext) {
        let elapsed = NIODeadline.now().uptimeNanoseconds - sentAt
        switch phase {
        case .resetting(let cycle):
            outcome.note(reply, nanoseconds: elapsed, in: \.resets)
            if let setup = messages.setup {
                phase = .settingUp(cycle: cycle)
                send(setup, context: context)
            } else {
                resetDone(cycle: cycle, context: context)
            }
        case .settingUp(let cycle):
            outcome.check(reply)
            resetDone(cycle: cycle, context: context)
        case .warmingUp(let remaining) where remaining > 1:
            phase = .warmingUp(remaining: remaining - 1)
            send(messages.step, context: context)
        case .warmingUp:
            waitForAllResets(context: context)
        case .stepping(let cycle, let remaining):
            outcome.note(reply, nanoseconds: elapsed, in: \.steps)
            if remaining > 1 {
                phase = .stepping(cycle: cycle, remaining: remaining - 1)
                send(messages.step, context: context)
            } else {
                stepsDone(cycle: cycle, context: context)
            }
        case .connecting, .waitingForAllResets, .finished:
            outcome.fail("a reply no request asked for: \(reply)")
        }
    }

    private func resetDone(cycle: Int, context: ChannelHandlerContext) {
        guard cycle == 0 else { return startSteps(cycle: cycle, context: context) }
        if plan.warmupSteps > 0 {
            phase = .warmingUp(remaining: plan.warmupSteps)
            send(messages.step, context: context)
        } else {
            waitForAllResets(context: context)
        }
    }

    /// Every session's first episode is open before any step phase starts.
    private func waitForAllResets(context: ChannelHandlerContext) {
        phase = .waitingForAllResets
        arrivedAtAllResets = true
        let eventLoop = context.eventLoop
        let resumption = NIOLoopBound((driver: self, context: context), eventLoop: eventLoop)
        barriers.allResets.arrive {
            eventLoop.execute {
                let (driver, context) = resumption.value
                guard case .waitingForAllResets = driver.phase else { return }
                driver.outcome.stepPhaseStart = .now
                driver.startSteps(cycle: 0, context: context)
            }
        }
    }

    private func startSteps(cycle: Int, context: ChannelHandlerContext) {
        guard plan.stepsPerCycle > 0 else { return stepsDone(cycle: cycle, context: context) }
        phase = .stepping(cycle: cycle, remaining: plan.stepsPerCycle)
        send(messages.step, context: context)
    }

    private func stepsDone(cycle: Int, context: ChannelHandlerContext) {
        if cycle + 1 < plan.cycles {
            phase = .resetting(cycle: cycle + 1)
            send(messages.reset, context: context)
        } else {
            outcome.stepPhaseEnd = .now
            phase = .finished
            conclude(context: context)
        }
    }

    /// Hands the outcome over, once; then closes the connection, after the
    /// caller lets go when it holds sessions open.
    private func conclude(context: ChannelHandlerContext?) {
        guard !concluded else { return }
        concluded = true
        if !arrivedAtAllResets { barriers.allResets.abandon() }
        collector.deliver(outcome)
        guard let context else {
            if plan.holdOpen { barriers.release.abandon() }
            return
        }
        guard plan.holdOpen else { return Self.close(context) }
        let eventLoop = context.eventLoop
        let closing = NIOLoopBound(context, eventLoop: eventLoop)
        barriers.release.arrive { eventLoop.execute { Self.close(closing.value) } }
    }

    private static func close(_ context: ChannelHandlerContext) {
        var reason = context.channel.allocator.buffer(capacity: 2)
        reason.write(webSocketErrorCode: .normalClosure)
        let goodbye = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: reason)
        context.writeAndFlush(NIOAny(goodbye), promise: nil)
        context.close(promise: nil)
    }

    private func send(_ message: ByteBuffer, context: ChannelHandlerContext) {
        sentAt = NIODeadline.now().uptimeNanoseconds
        context.writeAndFlush(
            wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: message)), promise: nil)
    }
}
