import CLinux
import Glibc
import Synchronization
import WorkerProtocol

/// Captures fds 1 and 2 of a worker, one step at a time, at the
/// file-descriptor level: `print`, `os.write(1, ...)`, C extensions and
/// threads all write to the same two descriptors.
///
/// Each step gets two fresh pipes dup2'ed onto fds 1 and 2, whose read
/// ends join an epoll set. A drain thread (created once per worker, all
/// signals blocked so SIGALRM always reaches the main thread) waits on
/// that set and forwards each read to the server as an output chunk
/// straight away, so what was written before a crash or a hard kill still
/// arrives. Past `limit` bytes per stream it keeps reading and only
/// counts, so a writer never blocks on a full pipe and a 1 GB print costs
/// no memory. The drain thread wakes only for output: a step that prints
/// nothing costs no thread switch (telling it about each step's pipes, and
/// waiting for it at the end, cost every trivial step four).
///
/// At the end of a step the pipes leave the set and the sink (`/dev/null`)
/// is dup2'ed onto fds 1 and 2, so a background thread that writes after
/// the step ended writes into the sink, never into a later step's pipe;
/// the main thread reads what the pipes still hold and closes them.
///
/// Threads: `begin`/`end` run on the main thread; whoever reads a pipe
/// holds `state`'s lock, and an epoll event carries the step it was
/// registered for, so one that arrives after its step ended is dropped.
final class OutputCapture: Sendable {
    private let sink: Int32
    private let socket: WorkerSocket
    private let epoll: Int32
    private let state = Mutex(CaptureState())

    private struct CaptureState {
        /// Counts steps begun, to tell a late event from a current one.
        var step: UInt64 = 0
        var streams: [CapturedStream] = []
    }

    /// Reads from a stream's pipe per system call.
    private static let readSize = WorkerReply.maxChunkBytes
    /// Reads after the step ended; bounded so a writer holding a duplicate
    /// of the pipe cannot keep the step from finishing.
    private static let finalReads = 256

    init(sink: Int32, socket: WorkerSocket) throws(SystemCallError) {
        self.sink = sink
        self.socket = socket
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw SystemCallError(call: "epoll_create1", errno: errno) }
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

    /// Points fds 1 and 2 at fresh pipes that the drain thread watches.
    func begin(limit: Int) throws(SystemCallError) {
        let out = try makePipe(nonBlocking: .readEnd)
        let err: (read: Int32, write: Int32)
        do {
            err = try makePipe(nonBlocking: .readEnd)
        } catch {
            close(out.read)
            close(out.write)
            throw error
        }
        dup2(out.write, 1)
        dup2(err.write, 2)
        close(out.write)
        close(err.write)
        state.withLock { state in
            state.step &+= 1
            state.streams = [
                CapturedStream(kind: .stdout, fd: out.read, limit: limit),
                CapturedStream(kind: .stderr, fd: err.read, limit: limit),
            ]
            for (index, stream) in state.streams.enumerated() {
                var event = epoll_event()
                event.events = EPOLLIN.rawValue
                event.data.u64 = state.step << 1 | UInt64(index)
                epoll_ctl(epoll, EPOLL_CTL_ADD, stream.fd, &event)
            }
        }
    }

    /// Sinks fds 1 and 2, sends what the step's pipes still hold, closes
    /// them and returns the bytes dropped past the limit: (stdout, stderr).
    func end() -> (stdout: UInt64, stderr: UInt64) {
        var streams = state.withLock { state in
            // Out of the set first: the sink closing the pipes' write ends
            // would otherwise wake the drain thread for nothing.
            for stream in state.streams where stream.isOpen { epoll_ctl(epoll, EPOLL_CTL_DEL, stream.fd, nil) }
            state.step &+= 1
            defer { state.streams = [] }
            return state.streams
        }
        dup2(sink, 1)
        dup2(sink, 2)
        for index in streams.indices {
            for _ in 0..<Self.finalReads where streams[index].isOpen {
                guard pump(&streams[index]) else { break }
            }
            streams[index].close()
        }
        return (streams[0].dropped, streams[1].dropped)
    }

    private func drainForever() -> Never {
        var events = [epoll_event](repeating: epoll_event(), count: 2)
        while true {
            let count = epoll_wait(epoll, &events, Int32(events.count), -1)
            guard count > 0 else {
                if count < 0 && errno != EINTR { _exit(0) }
                continue
            }
            state.withLock { state in
                for event in events[..<Int(count)] {
                    let index = Int(event.data.u64 & 1)
                    guard event.data.u64 >> 1 == state.step, state.streams[index].isOpen else { continue }
                    // A pipe at EOF closes, which takes it out of the set.
                    pump(&state.streams[index])
                }
            }
        }
    }

    /// One read from a stream: forwards what fits under the limit, counts
    /// the rest. False when the pipe is empty for now (or closed).
    @discardableResult
    private func pump(_ stream: inout CapturedStream) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.readSize) { buffer in
            let count = retryingOnInterrupt { read(stream.fd, buffer.baseAddress, buffer.count) }
            if count == 0 { stream.close() }
            guard count > 0 else { return false }
            let kept = stream.keep(count)
            if kept > 0, !socket.send(.output(stream.kind, Array(buffer[..<kept]))) { _exit(0) }
            return true
        }
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
