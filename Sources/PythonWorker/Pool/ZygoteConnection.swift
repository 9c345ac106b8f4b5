import Glibc
import Synchronization
import WorkerProtocol

/// The server's side of one zygote process: it spawns the process, owns the
/// control socket and the process, and turns control messages into async
/// results.
///
/// Ownership: this object owns the zygote process (it is the child of the
/// server and is reaped here) and the control socket, which only the
/// reader thread closes, under the state lock, once the zygote is gone.
/// Workers belong to their `Worker` handles; this object only relays their
/// kill requests and exit reports.
///
/// A dedicated reader thread receives control messages (blocking
/// `recvmsg`, because the worker sockets arrive as `SCM_RIGHTS`
/// attachments). When the zygote dies, every pending spawn fails, every
/// live worker is reported `.lost`, and `isAlive` turns false: the pool
/// launches a new zygote.
public final class ZygoteConnection: Sendable {
    /// What the zygote reported once configured.
    public struct Readiness: Sendable, Equatable {
        /// Allowed-weaker sandbox layers this host could not set up.
        public var missingLayers: [SandboxLayer]
        public var pythonVersion: String
    }

    /// A new worker: its pid and the server's end of its socket (owned by
    /// the receiver from here on).
    struct SpawnedProcess: Sendable {
        let pid: Int32
        let socket: Int32
    }

    public let pid: pid_t
    private let control: ControlSocket
    private let state: Mutex<State>

    private struct State {
        enum Phase {
            case starting([CheckedContinuation<Readiness, any Error>])
            case ready(Readiness)
            case dead(String)

            /// Whether the zygote's workers have a pid namespace, so an init
            /// above them (see `Sandbox/init.c`) reports how they ended.
            var workersRunUnderInit: Bool {
                guard case .ready(let readiness) = self else { return false }
                return !readiness.missingLayers.contains(.namespaces)
            }
        }
        var phase: Phase = .starting([])
        var nextRequestID: UInt64 = 1
        var pendingSpawns: [UInt64: (CheckedContinuation<SpawnedProcess, any Error>, @Sendable (WorkerExit) -> Void)] = [:]
        var exitHandlers: [Int32: @Sendable (WorkerExit) -> Void] = [:]
    }

    /// Starts `executable zygote` with the control socket as its fd 3 and
    /// sends it `settings`. Returns at once; `ready()` waits for the zygote.
    public static func launch(executable: String, settings: SandboxSettings) throws(WorkerError) -> ZygoteConnection {
        var pair: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw .system(SystemCallError(call: "socketpair(control)", errno: errno))
        }
        defer { close(pair[1]) }
        let pid: pid_t
        do {
            pid = try spawnProcess(executable: executable, control: pair[1])
        } catch {
            close(pair[0])
            throw error
        }
        let connection = ZygoteConnection(pid: pid, control: ControlSocket(fd: pair[0]))
        connection.send(.configure(settings))
        try connection.startReader()
        return connection
    }

    private init(pid: pid_t, control: ControlSocket) {
        self.pid = pid
        self.control = control
        self.state = Mutex(State())
    }

    /// Waits until the zygote is configured; throws its failure otherwise
    /// (e.g. a sandbox layer the host lacks and the operator required).
    public func ready() async throws(WorkerError) -> Readiness {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                state.withLock { state in
                    switch state.phase {
                    case .starting(let waiters): state.phase = .starting(waiters + [continuation])
                    case .ready(let readiness): continuation.resume(returning: readiness)
                    case .dead(let reason): continuation.resume(throwing: WorkerError.zygoteUnavailable(reason))
                    }
                }
            }
        } catch let error as WorkerError {
            throw error
        } catch {
            throw .zygoteUnavailable("\(error)")
        }
    }

    public var isAlive: Bool {
        state.withLock { if case .dead = $0.phase { false } else { true } }
    }

    /// Forks one worker. `onExit` is called once, from the reader thread,
    /// when the zygote reaps it (or loses it), unless `forget` came first.
    func spawnWorker(onExit: @escaping @Sendable (WorkerExit) -> Void) async throws(WorkerError) -> SpawnedProcess {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                state.withLock { state in
                    if case .dead(let reason) = state.phase {
                        continuation.resume(throwing: WorkerError.zygoteUnavailable(reason))
                        return
                    }
                    let requestID = state.nextRequestID
                    state.nextRequestID += 1
                    state.pendingSpawns[requestID] = (continuation, onExit)
                    sendLocked(.spawn(requestID: requestID), state: &state)
                }
            }
        } catch let error as WorkerError {
            throw error
        } catch {
            throw .spawnFailed("\(error)")
        }
    }

    /// Asks the zygote to SIGKILL a worker it has not reaped yet.
    func kill(worker pid: Int32) {
        send(.kill(pid: pid))
    }

    /// Stops reporting a worker's exit: its handle is closed.
    func forget(worker pid: Int32) {
        _ = state.withLock { $0.exitHandlers.removeValue(forKey: pid) }
    }

    /// Closes the control socket's sending side: the zygote sees EOF, kills
    /// its workers and exits; the reader thread then reaps it.
    public func terminate() {
        state.withLock { state in
            if case .dead = state.phase { return }
            shutdown(control.fd, Int32(SHUT_WR))
        }
    }

    private func send(_ request: ControlRequest) {
        state.withLock { sendLocked(request, state: &$0) }
    }

    /// Sends under the state lock, so a send never races the reader
    /// closing the socket (a closed descriptor number may be reused).
    private func sendLocked(_ request: ControlRequest, state: inout State) {
        if case .dead = state.phase { return }
        // A failed send means the zygote is gone; the reader sees EOF.
        try? control.send(request.encoded())
    }

    private func startReader() throws(WorkerError) {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&thread, nil, { context in
            Unmanaged<ZygoteConnection>.fromOpaque(context!).takeRetainedValue().readUntilClosed()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<ZygoteConnection>.fromOpaque(context).release()
            throw .system(SystemCallError(call: "pthread_create(zygote reader)", errno: created))
        }
        pthread_detach(thread)
    }

    private func readUntilClosed() {
        var failure: String?
        while true {
            guard let message = try? control.receive(), let reply = try? ControlReply(decoding: message.bytes) else {
                break
            }
            if case .failed(let reason) = reply { failure = reason }
            handle(reply, descriptor: message.descriptor)
        }
        var status: Int32 = 0
        _ = retryingOnInterrupt { waitpid(pid, &status, 0) }
        died(reason: failure ?? "the zygote \(WorkerExit(waitStatus: status))")
    }

    private func handle(_ reply: ControlReply, descriptor: Int32?) {
        var attached = descriptor
        defer { if let attached { close(attached) } }
        let exitHandler: ((@Sendable (WorkerExit) -> Void), WorkerExit)? = state.withLock { state in
            switch reply {
            case .ready(let missing, let version):
                let readiness = Readiness(missingLayers: missing, pythonVersion: version)
                if case .starting(let waiters) = state.phase { waiters.forEach { $0.resume(returning: readiness) } }
                state.phase = .ready(readiness)
            case .failed:
                break
            case .spawned(let requestID, let pid):
                guard let (continuation, onExit) = state.pendingSpawns.removeValue(forKey: requestID), let socket = attached
                else { return nil }
                attached = nil
                state.exitHandlers[pid] = onExit
                continuation.resume(returning: SpawnedProcess(pid: pid, socket: socket))
            case .spawnFailed(let requestID, let message):
                state.pendingSpawns.removeValue(forKey: requestID)?.0.resume(throwing: WorkerError.spawnFailed(message))
            case .exited(let pid, let status):
                let exit = WorkerExit(waitStatus: status, underInit: state.phase.workersRunUnderInit)
                return state.exitHandlers.removeValue(forKey: pid).map { ($0, exit) }
            }
            return nil
        }
        if let (onExit, exit) = exitHandler { onExit(exit) }
    }

    private func died(reason: String) {
        let orphans: [@Sendable (WorkerExit) -> Void] = state.withLock { state in
            if case .starting(let waiters) = state.phase {
                waiters.forEach { $0.resume(throwing: WorkerError.zygoteUnavailable(reason)) }
            }
            state.phase = .dead(reason)
            close(control.fd)
            for (continuation, _) in state.pendingSpawns.values {
                continuation.resume(throwing: WorkerError.zygoteUnavailable(reason))
            }
            state.pendingSpawns = [:]
            defer { state.exitHandlers = [:] }
            return Array(state.exitHandlers.values)
        }
        orphans.forEach { $0(.lost) }
    }
}
