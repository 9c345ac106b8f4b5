import Glibc
import Synchronization
import WorkerProtocol

/// Captures fds 1 and 2 of a worker, one step at a time, at the
/// file-descriptor level: `print`, `os.write(1, ...)`, C extensions and
/// threads all write to the same two descriptors.
///
/// Each step gets two fresh pipes dup2'ed onto fds 1 and 2. A drain thread
/// (created once per worker, all signals blocked so SIGALRM always reaches
/// the main thread) reads both while the code runs and forwards each read
/// to the server as an output chunk straight away, so what was written
/// before a crash or a hard kill still arrives. Past `limit` bytes per
/// stream it keeps reading and only counts, so a writer never blocks on a
/// full pipe and a 1 GB print costs no memory.
///
/// At the end of a step the sink (`/dev/null`) is dup2'ed onto fds 1 and 2
/// before the last read, so a background thread that writes after the step
/// ended writes into the sink, never into a later step's pipe; the step's
/// pipes are closed once drained.
///
/// Threads: `begin`/`end` run on the main thread; the drain thread owns
/// the pipes' read ends between the two; `state` hands them over.
final class OutputCapture: Sendable {
    private let sink: Int32
    private let socket: WorkerSocket
    /// Main → drain thread: one byte per `Command`.
    private let commands: (read: Int32, write: Int32)
    /// Drain thread → main: one byte when a step's output is all sent.
    private let finished: (read: Int32, write: Int32)
    private let state = Mutex<[CapturedStream]>([])

    private enum Command: UInt8 {
        case begin = 1, end
    }

    /// Reads from a stream's pipe per system call.
    private static let readSize = WorkerReply.maxChunkBytes
    /// Reads after the step ended; bounded so a writer holding a duplicate
    /// of the pipe cannot keep the step from finishing.
    private static let finalReads = 256

    init(sink: Int32, socket: WorkerSocket) throws(SystemCallError) {
        self.sink = sink
        self.socket = socket
        commands = try makePipe()
        finished = try makePipe()
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 256 << 10)
        defer { pthread_attr_destroy(&attributes) }
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&thread, &attributes, { context in
            var all = sigset_t()
            sigfillset(&all)
            pthread_sigmask(SIG_BLOCK, &all, nil)
            Unmanaged<OutputCapture>.fromOpaque(context!).takeRetainedValue().drainForever()
        }, context)
        guard created == 0 else { throw SystemCallError(call: "pthread_create(output drain)", errno: created) }
    }

    /// Points fds 1 and 2 at fresh pipes and starts draining them.
    func begin(limit: Int) throws(SystemCallError) {
        let out = try makePipe()
        let err: (read: Int32, write: Int32)
        do {
            err = try makePipe()
        } catch {
            close(out.read)
            close(out.write)
            throw error
        }
        setNonBlocking(out.read)
        setNonBlocking(err.read)
        dup2(out.write, 1)
        dup2(err.write, 2)
        close(out.write)
        close(err.write)
        state.withLock {
            $0 = [
                CapturedStream(kind: .stdout, fd: out.read, limit: limit),
                CapturedStream(kind: .stderr, fd: err.read, limit: limit),
            ]
        }
        Self.send(Command.begin.rawValue, to: commands.write)
    }

    /// Sinks fds 1 and 2, waits until the step's output is all sent, and
    /// returns the bytes dropped past the limit: (stdout, stderr).
    func end() -> (stdout: UInt64, stderr: UInt64) {
        dup2(sink, 1)
        dup2(sink, 2)
        Self.send(Command.end.rawValue, to: commands.write)
        var byte: UInt8 = 0
        _ = retryingOnInterrupt { read(finished.read, &byte, 1) }
        return state.withLock { ($0[0].dropped, $0[1].dropped) }
    }

    private func drainForever() -> Never {
        while true {
            guard receiveCommand() == .begin else { continue }
            var streams = state.withLock { $0 }
            var ended = false
            while !ended && streams.contains(where: \.isOpen) {
                var fds = streams.map { pollfd(fd: $0.isOpen ? $0.fd : -1, events: Int16(POLLIN), revents: 0) }
                fds.append(pollfd(fd: commands.read, events: Int16(POLLIN), revents: 0))
                guard retryingOnInterrupt({ poll(&fds, nfds_t(fds.count), -1) }) > 0 else { continue }
                for index in streams.indices where fds[index].revents != 0 { pump(&streams[index]) }
                if fds[streams.count].revents != 0 { ended = receiveCommand() == .end }
            }
            // Both pipes may close early (the code closed fds 1 and 2).
            while !ended { ended = receiveCommand() == .end }
            for index in streams.indices {
                for _ in 0..<Self.finalReads where streams[index].isOpen {
                    guard pump(&streams[index]) else { break }
                }
                streams[index].close()
            }
            state.withLock { $0 = streams }
            Self.send(0, to: finished.write)
        }
    }

    /// One read from a stream: forwards what fits under the limit, counts
    /// the rest. False when the pipe is empty for now (or closed).
    @discardableResult
    private func pump(_ stream: inout CapturedStream) -> Bool {
        var buffer = [UInt8](repeating: 0, count: Self.readSize)
        let count = retryingOnInterrupt { read(stream.fd, &buffer, buffer.count) }
        if count == 0 { stream.close() }
        guard count > 0 else { return false }
        let kept = stream.keep(count)
        if kept > 0, !socket.send(.output(stream.kind, Array(buffer[..<kept]))) { _exit(0) }
        return true
    }

    private func receiveCommand() -> Command? {
        var byte: UInt8 = 0
        guard retryingOnInterrupt({ read(commands.read, &byte, 1) }) == 1 else { _exit(0) }
        return Command(rawValue: byte)
    }

    private static func send(_ byte: UInt8, to fd: Int32) {
        var byte = byte
        _ = retryingOnInterrupt { write(fd, &byte, 1) }
    }
}

/// One captured stream of one step: its pipe's read end and the count of
/// bytes kept and dropped.
struct CapturedStream: Sendable {
    let kind: OutputStream
    private(set) var fd: Int32
    let limit: Int
    private(set) var kept = 0
    private(set) var dropped: UInt64 = 0

    init(kind: OutputStream, fd: Int32, limit: Int) {
        self.kind = kind
        self.fd = fd
        self.limit = limit
    }

    var isOpen: Bool { fd >= 0 }

    /// Of `count` new bytes, how many fit under the limit; the rest count
    /// as dropped.
    mutating func keep(_ count: Int) -> Int {
        let fitting = min(count, max(0, limit - kept))
        kept += fitting
        dropped += UInt64(count - fitting)
        return fitting
    }

    mutating func close() {
        guard fd >= 0 else { return }
        _ = Glibc.close(fd)
        fd = -1
    }
}
