import NIOCore
import WorkerProtocol

/// Sees each output chunk of a step as it arrives, on the worker
/// channel's event loop (so it must not block for long).
public typealias OutputListener = @Sendable (OutputStream, [UInt8]) -> Void

/// One step sent down a worker's channel, with the promise its outcome
/// completes.
struct StepCommand: Sendable {
    let request: ExecuteRequest
    /// Time limit plus grace: past it the worker is killed.
    let hardDeadline: TimeAmount
    let outcome: EventLoopPromise<WorkerStepOutcome>
    let onOutput: OutputListener?
}

/// The state machine of one worker's steps, on the worker channel's event
/// loop: frames the request, collects `analysis`, output chunks and
/// `completion` into a `WorkerStepOutcome`, and turns every failure (EOF,
/// a broken frame, the hard deadline, the zygote's exit report) into an
/// outcome too. Every `StepCommand`'s promise is completed exactly once,
/// and never with an error.
final class WorkerConnection: ChannelDuplexHandler {
    typealias InboundIn = WorkerReply
    typealias OutboundIn = StepCommand
    typealias OutboundOut = ByteBuffer

    private struct Step {
        let outcome: EventLoopPromise<WorkerStepOutcome>
        let onOutput: OutputListener?
        var analysis: CodeAnalysis?
        var stdout: CapturedOutput
        var stderr: CapturedOutput
        var timer: Scheduled<Void>?

        func finish(_ ending: WorkerStepOutcome.Ending) {
            timer?.cancel()
            outcome.succeed(WorkerStepOutcome(analysis: analysis, ending: ending, stdout: stdout, stderr: stderr))
        }
    }

    private enum State {
        case idle
        case running(Step)
        /// The socket closed mid-step; waiting for the zygote's exit report.
        case awaitingExit(Step)
        /// The worker is gone or broken; every later step fails at once.
        case finished
    }

    /// How long to wait for the zygote's exit report after the socket closed.
    static let exitReportWait = TimeAmount.seconds(2)
    /// How long a dead worker's socket may stay open for its last frames.
    static let unreadOutputWait = TimeAmount.milliseconds(200)

    private var state = State.idle
    private var exit: WorkerExit?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let command = unwrapOutboundIn(data)
        let limit = command.request.outputLimit
        var step = Step(
            outcome: command.outcome, onOutput: command.onOutput,
            stdout: CapturedOutput(limit: limit), stderr: CapturedOutput(limit: limit))
        guard case .idle = state, context.channel.isActive else {
            step.finish(.workerExited(exit ?? .lost))
            promise?.succeed()
            return
        }
        step.timer = context.eventLoop.assumeIsolated().scheduleTask(in: command.hardDeadline) { [weak self] in
            self?.deadlineReached()
        }
        state = .running(step)
        let frame = Framing.frame(command.request.encoded())
        // A failed write shows as an error or EOF, which end the step; the
        // caller's promise only says the command reached this handler.
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: frame)), promise: nil)
        promise?.succeed()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .running(var step) = state else {
            return fail(.protocolViolation("a frame arrived while no step was running"))
        }
        switch unwrapInboundIn(data) {
        case .analysis(let analysis) where step.analysis == nil:
            step.analysis = analysis
            state = .running(step)
        // Output may come before the analysis: compile-time warnings.
        case .output(.stdout, let bytes):
            step.stdout.append(bytes)
            state = .running(step)
            step.onOutput?(.stdout, bytes)
        case .output(.stderr, let bytes):
            step.stderr.append(bytes)
            state = .running(step)
            step.onOutput?(.stderr, bytes)
        case .completion(let completion) where step.analysis != nil:
            step.stdout.addDropped(completion.stdoutDropped)
            step.stderr.addDropped(completion.stderrDropped)
            state = .idle
            step.finish(.completed(exitCode: completion.exitCode, timedOut: completion.timedOut))
        default:
            fail(.protocolViolation("frames out of order"))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        switch state {
        case .running(var step):
            if let exit {
                state = .finished
                step.finish(.workerExited(exit))
            } else {
                step.timer?.cancel()
                step.timer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.exitReportWait) { [weak self] in
                    self?.exitReported(.lost)
                }
                state = .awaitingExit(step)
            }
        case .idle:
            state = .finished
        case .awaitingExit, .finished:
            break
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.protocolViolation("\(error)"))
    }

    /// The zygote reaped the worker (called on the event loop).
    func exitReported(_ exit: WorkerExit) {
        guard self.exit == nil else { return }
        self.exit = exit
        switch state {
        case .running:
            // What the worker sent before it died may still be unread, with
            // the EOF behind it; channelInactive ends the step once read.
            // Only a socket that outlives the process (a descriptor
            // inherited by a child) needs closing from here.
            context?.eventLoop.assumeIsolated().scheduleTask(in: Self.unreadOutputWait) { [weak self] in
                guard let self, case .running = self.state else { return }
                self.context?.close(promise: nil)
            }
        case .awaitingExit(let step):
            state = .finished
            step.finish(.workerExited(exit))
        case .idle, .finished:
            break
        }
    }

    private func deadlineReached() {
        guard case .running(let step) = state else { return }
        state = .finished
        // Closed before the outcome is out, so the caller sees a dead worker.
        context?.close(promise: nil)
        step.finish(.hardTimeout)
    }

    private func fail(_ ending: WorkerStepOutcome.Ending) {
        let step: Step?
        switch state {
        case .running(let current), .awaitingExit(let current): step = current
        case .idle, .finished: step = nil
        }
        state = .finished
        context?.close(promise: nil)
        step?.finish(ending)
    }
}
