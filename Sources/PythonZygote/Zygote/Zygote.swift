import CPython
import Glibc
import Sandbox
import WorkerProtocol

/// `codeenv-zygote`: the single-threaded process that holds an initialised
/// CPython and forks one episode worker per spawn request.
///
/// Forking a multithreaded process and then running Python in the child is
/// undefined behaviour (another thread may hold malloc's or the GIL's lock
/// at the fork), so the server never forks itself: it `posix_spawn`s this
/// process, which checks that it has exactly one thread and keeps it that
/// way (no Foundation, Dispatch or Swift concurrency here). It stays the
/// parent of every worker: it reaps them and reports each exit status, and
/// it is the only process that signals them, so a kill can never hit a
/// reused pid.
///
/// Protocol (`ControlRequest`/`ControlReply` on the control socket, fd 3):
/// `configure` → `ready` (or `failed`, then exit); then any number of
/// `spawn` → `spawned` + the worker's socket (or `spawnFailed`), `kill`,
/// and unsolicited `exited`. EOF on the control socket means the server is
/// gone: the zygote kills its workers and exits.
public enum Zygote {
    /// `arguments` follow the program name; there are none: everything
    /// the zygote needs arrives on the control socket.
    public static func main(arguments: [String]) -> Never {
        guard arguments.isEmpty else {
            log("takes no arguments (it is started by `codeenv serve`), got: \(arguments.joined(separator: " "))")
            _exit(64)
        }
        let control = ControlSocket(fd: ControlSocket.zygoteDescriptor)
        do {
            var zygote = try ZygoteLoop(control: control)
            zygote.serve()
        } catch {
            log("cannot serve: \(error)")
            try? control.send(ControlReply.failed(error.description).encoded())
            _exit(1)
        }
    }

    static func log(_ message: String) {
        let line = "codeenv-zygote[\(getpid())]: \(message)\n"
        _ = line.utf8.withContiguousStorageIfAvailable { write(2, $0.baseAddress, $0.count) }
    }

    /// `Threads:` of `/proc/self/status`.
    static func threadCount() -> Int? {
        let fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 16 << 10)
        let count = read(fd, &bytes, bytes.count)
        guard count > 0 else { return nil }
        for line in String(decoding: bytes[..<count], as: UTF8.self).split(separator: "\n")
        where line.hasPrefix("Threads:") {
            return Int(line.dropFirst("Threads:".count).drop { $0 == " " || $0 == "\t" })
        }
        return nil
    }
}

/// The zygote's state and its one event loop.
struct ZygoteLoop {
    private let control: ControlSocket
    private let python: PythonRuntime
    private let childExits: Int32
    /// `/dev/null`, opened once: each worker points fds 1 and 2 at it
    /// between steps.
    private let sink: Int32
    private let settings: SandboxSettings
    private let disabledLayers: UInt32
    private var workers: WorkerTable

    init(control: ControlSocket) throws(ZygoteFailure) {
        if let threads = Zygote.threadCount(), threads != 1 { throw .notSingleThreaded(threads: threads) }
        self.control = control
        // Nothing the server had open reaches the zygote or its workers.
        closefrom(ControlSocket.zygoteDescriptor + 1)
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard null >= 0 else { throw .system(SystemCallError(call: "open(/dev/null)", errno: errno)) }
        dup2(null, 0)
        sink = null
        do {
            childExits = try ChildExitSignal.install()
        } catch {
            throw .system(error)
        }
        python = try PythonRuntime()
        settings = try Self.receiveSettings(control)
        let missing = try Self.probe(settings)
        disabledLayers = SandboxLayer.mask(of: missing)
        workers = WorkerTable(slotCount: settings.outsideIDSlots)
        if !missing.isEmpty {
            Zygote.log("running WITHOUT sandbox layers: \(missing.map(\.rawValue).joined(separator: ", "))")
        }
        try send(.ready(missingLayers: missing, pythonVersion: python.version))
    }

    /// Whether a worker's code can create processes: under the permissive
    /// profile, or with no seccomp layer to enforce the strict one.
    private var workersMayStartProcesses: Bool {
        settings.seccompProfile == .permissive || disabledLayers & SandboxLayer.seccomp.bit != 0
    }

    private static func receiveSettings(_ control: ControlSocket) throws(ZygoteFailure) -> SandboxSettings {
        let message: (bytes: [UInt8], descriptor: Int32?)?
        do {
            message = try control.receive()
        } catch {
            throw .system(error)
        }
        guard let message else { throw .protocolViolation("the server closed before configuring") }
        if let descriptor = message.descriptor { close(descriptor) }
        guard case .configure(let settings) = try? ControlRequest(decoding: message.bytes) else {
            throw .protocolViolation("the first request must be `configure`")
        }
        return settings
    }

    /// The layers to run without: each one the host cannot set up, as long
    /// as the operator allowed it; any other failing layer is fatal.
    private static func probe(_ settings: SandboxSettings) throws(ZygoteFailure) -> [SandboxLayer] {
        var missing: [SandboxLayer] = []
        while true {
            var error = sandbox_error()
            var config = Self.config(settings, disabled: SandboxLayer.mask(of: missing), slot: 0, keep: nil)
            if sandbox_probe(&config, &error) == 0 { return missing }
            let message = error.text
            guard let layer = SandboxLayer.named(inFailure: message), settings.allowedWeaker.contains(layer),
                !missing.contains(layer)
            else { throw .sandbox(message) }
            Zygote.log("sandbox layer \(layer.rawValue) unavailable (\(message)); allowed weaker, continuing without it")
            missing.append(layer)
        }
    }

    static func config(
        _ settings: SandboxSettings, disabled: UInt32, slot: UInt32, keep: UnsafeBufferPointer<Int32>?
    ) -> sandbox_config {
        sandbox_config(
            disabled_layers: disabled,
            seccomp_profile: settings.seccompProfile == .strict ? SANDBOX_SECCOMP_STRICT : SANDBOX_SECCOMP_PERMISSIVE,
            limits: settings.limits.cValue,
            outside_id_base: uid_t(settings.outsideIDBase + 2 * slot),
            extra_readonly_paths: nil,
            keep_fds: keep?.baseAddress,
            keep_fd_count: keep?.count ?? 0)
    }

    mutating func serve() -> Never {
        var fds = [
            pollfd(fd: control.fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: childExits, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            guard retryingOnInterrupt({ poll(&fds, 2, -1) }) >= 0 else { shutDown("poll: errno \(errno)") }
            if fds[1].revents != 0 {
                ChildExitSignal.drain(childExits)
                reapWorkers()
            }
            if fds[0].revents != 0 { handleRequest() }
        }
    }

    private mutating func handleRequest() {
        let message: (bytes: [UInt8], descriptor: Int32?)?
        do {
            message = try control.receive()
        } catch {
            shutDown("\(error)")
        }
        guard let message else { shutDown(nil) }
        if let descriptor = message.descriptor { close(descriptor) }
        switch try? ControlRequest(decoding: message.bytes) {
        case .spawn(let requestID): spawnWorker(requestID: requestID)
        case .kill(let pid): if workers.contains(pid) { kill(pid, SIGKILL) }
        case .configure, nil: shutDown("unexpected control request")
        }
    }

    private mutating func spawnWorker(requestID: UInt64) {
        guard let slot = workers.reserveSlot() else {
            reply(.spawnFailed(requestID: requestID, message: "all \(workers.slotCount) worker id slots are in use"))
            return
        }
        var pair: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            workers.release(slot: slot)
            reply(.spawnFailed(requestID: requestID, message: "\(SystemCallError(call: "socketpair", errno: errno))"))
            return
        }
        let (serverEnd, workerEnd) = (pair[0], pair[1])
        var error = sandbox_error()
        let keep = [workerEnd, sink]
        let pid = keep.withUnsafeBufferPointer { keep in
            var config = Self.config(settings, disabled: disabledLayers, slot: slot, keep: keep)
            PyOS_BeforeFork()
            let pid = sandbox_spawn(&config, &error)
            if pid == 0 {
                PyOS_AfterFork_Child()
                EpisodeWorker.run(
                    socket: workerEnd, sink: sink, python: python, mayStartProcesses: workersMayStartProcesses)
            }
            PyOS_AfterFork_Parent()
            return pid
        }
        close(workerEnd)
        defer { close(serverEnd) }
        guard pid > 0 else {
            workers.release(slot: slot)
            reply(.spawnFailed(requestID: requestID, message: error.text))
            return
        }
        workers.add(pid: pid, slot: slot)
        reply(.spawned(requestID: requestID, pid: pid), passing: serverEnd)
    }

    private mutating func reapWorkers() {
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            if workers.remove(pid: pid) { reply(.exited(pid: pid, status: status)) }
        }
    }

    private func send(_ message: ControlReply, passing descriptor: Int32? = nil) throws(ZygoteFailure) {
        do {
            try control.send(message.encoded(), passing: descriptor)
        } catch {
            throw .system(error)
        }
    }

    /// A reply the server cannot take means the server is gone. A closed
    /// socket is how a server that exited normally (a finished `codeenv
    /// eval` or `run`) says so: nothing to report then.
    private func reply(_ message: ControlReply, passing descriptor: Int32? = nil) {
        do {
            try send(message, passing: descriptor)
        } catch .system(let failure) where failure.errno == EPIPE || failure.errno == ECONNRESET {
            shutDown(nil)
        } catch {
            shutDown("\(error)")
        }
    }

    /// Kills every worker (they would die with the zygote anyway, through
    /// their parent-death signal) and exits.
    private func shutDown(_ reason: String?) -> Never {
        if let reason { Zygote.log("exiting: \(reason)") }
        for pid in workers.pids { kill(pid, SIGKILL) }
        _exit(reason == nil ? 0 : 1)
    }
}

extension sandbox_error {
    /// The NUL-terminated message as a string.
    var text: String {
        withUnsafeBytes(of: message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
