import Glibc
import NIOCore
import NIOPosix
import Synchronization
import WorkerProtocol

/// The server's handle on one episode worker: its socket (a NIO channel)
/// and its pid.
///
/// Ownership: the handle owns the worker. `close()` asks the zygote (the
/// worker's parent, so the pid cannot have been reused) to SIGKILL it,
/// stops listening for its exit report and closes the channel, which
/// closes the socket. Whoever holds a `Worker` calls `close()` exactly
/// once: the pool for idle workers, the environment for the episode's.
/// The zygote reaps the process.
public final class Worker: Sendable {
    public let pid: Int32
    private let channel: any Channel
    private let zygote: ZygoteConnection
    private let metrics: WorkerMetrics

    private init(pid: Int32, channel: any Channel, zygote: ZygoteConnection, metrics: WorkerMetrics) {
        self.pid = pid
        self.channel = channel
        self.zygote = zygote
        self.metrics = metrics
    }

    /// Asks `zygote` for a new worker and connects to its socket, which
    /// `loop` serves.
    static func spawn(
        from zygote: ZygoteConnection, loop: any EventLoop, metrics: WorkerMetrics
    ) async throws(WorkerError) -> Worker {
        let relay = ExitRelay()
        let process = try await zygote.spawnWorker { relay.report($0) }
        do {
            let channel = try await ClientBootstrap(group: loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let connection = WorkerConnection()
                        try channel.pipeline.syncOperations.addHandlers(
                            ByteToMessageHandler(WorkerReplyDecoder()), connection)
                        let bound = NIOLoopBound(connection, eventLoop: channel.eventLoop)
                        relay.connect { exit in channel.eventLoop.execute { bound.value.exitReported(exit) } }
                    }
                }
                .withConnectedSocket(process.socket)
                .get()
            return Worker(pid: process.pid, channel: channel, zygote: zygote, metrics: metrics)
        } catch {
            Glibc.close(process.socket)
            zygote.kill(worker: process.pid)
            zygote.forget(worker: process.pid)
            throw .system(SystemCallError(call: "registering worker \(process.pid)'s socket: \(error)", errno: EIO))
        }
    }

    /// The loop serving the worker's socket.
    var eventLoop: any EventLoop { channel.eventLoop }

    /// False once the worker's socket closed (it died, or was closed), or
    /// its zygote died (which kills it through its parent-death signal,
    /// possibly before the socket's EOF is read).
    public var isAlive: Bool { channel.isActive && zygote.isAlive }

    /// Runs one step. Never throws: every way a worker can fail becomes an
    /// outcome the caller turns into an observation. `onOutput` sees the
    /// output as the code writes it; the outcome has all of it too.
    public func execute(
        _ request: ExecuteRequest, hardDeadline: Duration, onOutput: OutputListener? = nil
    ) async -> WorkerStepOutcome {
        let outcome = channel.eventLoop.makePromise(of: WorkerStepOutcome.self)
        let accepted = channel.eventLoop.makePromise(of: Void.self)
        accepted.futureResult.whenFailure { _ in
            // The channel closed before the step reached the worker.
            let limit = request.outputLimit
            outcome.succeed(WorkerStepOutcome(
                analysis: nil, ending: .workerExited(.lost),
                stdout: CapturedOutput(limit: limit), stderr: CapturedOutput(limit: limit)))
        }
        let deadline = TimeAmount(hardDeadline)
        channel.writeAndFlush(StepCommand(request: request, hardDeadline: deadline, outcome: outcome, onOutput: onOutput), promise: accepted)
        // The handler completes every outcome promise and never fails one.
        let ended = try! await outcome.futureResult.get()
        metrics.recordEnding(of: ended)
        return ended
    }

    /// Kills the worker and releases its socket; see the type's comment.
    public func close() {
        zygote.kill(worker: pid)
        zygote.forget(worker: pid)
        channel.close(promise: nil)
    }
}

/// Carries a worker's exit report from the zygote connection's reader
/// thread to the worker's channel handler, which may not exist yet when
/// the report arrives (a worker can die between its spawn and the channel
/// registration).
private final class ExitRelay: Sendable {
    private let state = Mutex<(exit: WorkerExit?, target: (@Sendable (WorkerExit) -> Void)?)>((nil, nil))

    func report(_ exit: WorkerExit) {
        let target = state.withLock { state in
            state.exit = exit
            return state.target
        }
        target?(exit)
    }

    func connect(_ target: @escaping @Sendable (WorkerExit) -> Void) {
        let exit = state.withLock { state in
            state.target = target
            return state.exit
        }
        if let exit { target(exit) }
    }
}
