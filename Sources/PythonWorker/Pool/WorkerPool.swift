import Logging
import NIOCore
import NIOPosix
import WorkerProtocol

/// Ready episode workers, kept warm so `reset()` costs a hand-over instead
/// of a fork and a sandbox set-up, and the zygote they come from.
///
/// The pool owns the zygote connection and the idle workers; a worker
/// handed out by `acquire()` belongs to the caller, who closes it. When
/// the zygote dies (its workers die with it), the next spawn launches a
/// new one; idle workers found dead are closed and skipped.
public actor WorkerPool {
    public struct Configuration: Sendable {
        /// The `codeenv-zygote` executable.
        public var executable: String
        public var sandbox: SandboxSettings
        /// Workers kept ready ahead of demand.
        public var warmWorkers: Int
        public var eventLoopGroup: any EventLoopGroup
        public var metrics: WorkerMetrics

        public init(
            executable: String, sandbox: SandboxSettings, warmWorkers: Int, eventLoopGroup: any EventLoopGroup,
            metrics: WorkerMetrics = .disabled
        ) {
            self.executable = executable
            self.sandbox = sandbox
            self.warmWorkers = warmWorkers
            self.eventLoopGroup = eventLoopGroup
            self.metrics = metrics
        }
    }

    /// A new zygote that dies sooner than this after its launch is not
    /// relaunched at once, so a broken host cannot make the server spin.
    static let relaunchBackoff = Duration.seconds(1)

    private let configuration: Configuration
    private let logger: Logger
    private var zygote: ZygoteConnection
    private var launchedAt: ContinuousClock.Instant
    private var idle: [Worker] = [] {
        didSet { configuration.metrics.recordWarmWorkers(idle.count) }
    }
    private var refilling = false
    /// The group's loops, which serve the workers' sockets.
    private let loops: [any EventLoop]
    private var closed = false
    /// What the current zygote reported at start.
    public private(set) var readiness: ZygoteConnection.Readiness

    /// Launches the zygote and waits until it is configured; throws when it
    /// cannot start (CPython missing, a required sandbox layer missing).
    public init(configuration: Configuration, logger: Logger) async throws(WorkerError) {
        self.configuration = configuration
        self.logger = logger
        loops = Array(configuration.eventLoopGroup.makeIterator())
        launchedAt = .now
        zygote = try ZygoteConnection.launch(executable: configuration.executable, settings: configuration.sandbox)
        do {
            readiness = try await zygote.ready()
        } catch {
            zygote.terminate()
            throw error
        }
        refill()
    }

    /// A ready worker for the caller's event loop: see `acquire(near:)`.
    /// Runs on the caller's executor, so the loop it sees is the caller's.
    public nonisolated(nonsending) func acquire() async throws(WorkerError) -> Worker {
        try await acquire(near: MultiThreadedEventLoopGroup.currentEventLoop)
    }

    /// A ready worker: an idle one if any, else a new one; preferably one
    /// whose socket `loop` serves, when `loop` is one of the pool's group.
    /// A step then never changes threads: on two cores a step whose
    /// connection and worker sat on different loops took 0.30-0.34 ms
    /// (p50) against 0.22 ms on one loop, the difference being two
    /// cross-thread wake-ups.
    public func acquire(near loop: (any EventLoop)?) async throws(WorkerError) -> Worker {
        guard !closed else { throw .zygoteUnavailable("the worker pool is shut down") }
        defer { refill() }
        let ownLoop = loops.first { $0 === loop }
        while let worker = takeIdle(near: ownLoop) {
            if worker.isAlive { return worker }
            worker.close()
        }
        return try await spawn(on: ownLoop ?? configuration.eventLoopGroup.next())
    }

    /// Closes the idle workers and stops the zygote (which kills any worker
    /// still out).
    public func shutdown() {
        closed = true
        idle.forEach { $0.close() }
        idle = []
        zygote.terminate()
    }

    /// The current zygote's pid (tests kill it to check the relaunch).
    public var zygotePID: Int32 { zygote.pid }

    /// Idle workers (tests wait for the refill).
    var idleCount: Int { idle.count }

    private func takeIdle(near loop: (any EventLoop)?) -> Worker? {
        guard let loop, let index = idle.lastIndex(where: { $0.eventLoop === loop }) else { return idle.popLast() }
        return idle.remove(at: index)
    }

    /// The loop serving the fewest idle workers, so every loop keeps some
    /// to hand out.
    private func leastStockedLoop() -> any EventLoop {
        loops.min { first, second in
            idle.count { $0.eventLoop === first } < idle.count { $0.eventLoop === second }
        } ?? configuration.eventLoopGroup.next()
    }

    private func spawn(on loop: any EventLoop) async throws(WorkerError) -> Worker {
        let zygote = try await liveZygote()
        do {
            return try await Worker.spawn(from: zygote, loop: loop, metrics: configuration.metrics)
        } catch .zygoteUnavailable(let reason) where !zygote.isAlive {
            // It died under this spawn; one more try with a new one.
            logger.warning("Python zygote died during a spawn (\(reason)); relaunching")
            return try await Worker.spawn(from: try await liveZygote(), loop: loop, metrics: configuration.metrics)
        }
    }

    private func liveZygote() async throws(WorkerError) -> ZygoteConnection {
        guard !zygote.isAlive else { return zygote }
        idle.forEach { $0.close() }
        idle = []
        let wait = launchedAt + Self.relaunchBackoff - .now
        if wait > .zero { try? await Task.sleep(for: wait) }
        guard !zygote.isAlive else { return zygote }
        logger.warning("Python zygote \(zygote.pid) is gone; launching a new one")
        launchedAt = .now
        configuration.metrics.recordZygoteRestart()
        let relaunched = try ZygoteConnection.launch(executable: configuration.executable, settings: configuration.sandbox)
        zygote = relaunched
        readiness = try await relaunched.ready()
        return relaunched
    }

    /// Tops the idle workers up to `warmWorkers` in the background.
    private func refill() {
        guard !refilling, !closed, idle.count < configuration.warmWorkers else { return }
        refilling = true
        Task { await self.refillNow() }
    }

    private func refillNow() async {
        defer { refilling = false }
        while !closed, idle.count < configuration.warmWorkers {
            do {
                let worker = try await spawn(on: leastStockedLoop())
                if closed { worker.close() } else { idle.append(worker) }
            } catch {
                logger.error("could not refill the worker pool: \(error)")
                return
            }
        }
    }
}
