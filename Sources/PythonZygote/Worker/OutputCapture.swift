import CLinux
import Glibc
import Synchronization
import WorkerProtocol

/// Captures fds 1 and 2 of a worker, one step at a time, at the
/// file-descriptor level: `print`, `os.write(1, ...)`, C extensions and
/// threads all write to the same two descriptors.
///
/// Two pipes (stdout, stderr) live as long as the worker, their read ends
/// in an epoll set. A step dup2s their write ends onto fds 1 and 2; a
/// drain thread (created once per worker, all signals blocked so SIGALRM
/// always reaches the main thread) waits on the set and forwards each read
/// to the server as an output chunk straight away, so what was written
/// before a crash or a hard kill still arrives. Past `limit` bytes per
/// stream it keeps reading and only counts, so a writer never blocks on a
/// full pipe and a 1 GB print costs no memory. The drain thread wakes only
/// for output: a step that prints nothing costs it no thread switch.
///
/// Between steps fds 1 and 2 stay on the pipes and the drain thread drops
/// what it reads, so what a background thread prints after its step ended
/// reaches no step but the one running when it prints (as in a notebook),
/// and the end of a step costs no `dup2`. Keeping the pipes saves a
/// trivial step 14 of its 28 system calls (`pipe2`, `fcntl`, `close`,
/// `epoll_ctl`, `dup2`); code that closes them (`os.closerange`) gets new
/// ones at its next step, and code that points fd 1 or 2 elsewhere has them
/// pointed back at the next.
///
/// Threads: `begin`/`end` run on the main thread; whoever touches the
/// pipes holds `state`'s lock.
final class OutputCapture: Sendable {
    private let socket: WorkerSocket
    private let epoll: Int32
    private let state = Mutex(CaptureState())

    private struct CaptureState {
        /// stdout's and stderr's, in that order; empty until made.
        var pipes: [CapturePipe] = []
        /// Between `begin` and `end`: what the pipes hold is the step's.
        var isCapturing = false
    }

    /// Reads from a stream's pipe per system call.
    private static let readSize = WorkerReply.maxChunkBytes
    /// Reads after the step ended; bounded so a writer holding a duplicate
    /// of the pipe cannot keep the step from finishing.
    private static let finalReads = 256

    init(socket: WorkerSocket) throws(SystemCallError) {
        self.socket = socket
        epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw SystemCallError(call: "epoll_create1", errno: errno) }
        try state.withLock { state throws(SystemCallError) in try makePipes(&state) }
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

    /// Points fds 1 and 2 at the pipes, made anew if the code closed them.
    func begin(limit: Int) throws(SystemCallError) {
        try state.withLock { state throws(SystemCallError) in
            // None after a failed remake (the code used up its open files).
            if state.pipes.isEmpty || state.pipes.contains(where: \.isBroken) { try makePipes(&state) }
            if !Self.pointOutputFDs(at: state.pipes) {
                // A write end the code closed: the pipes go, new ones come.
                try makePipes(&state)
                guard Self.pointOutputFDs(at: state.pipes) else {
                    throw SystemCallError(call: "dup2(output pipe)", errno: errno)
                }
            }
            for index in state.pipes.indices { state.pipes[index].startStep(limit: limit) }
            state.isCapturing = true
        }
    }

    /// Sends what the pipes still hold (all the step's main thread wrote)
    /// and returns the bytes dropped past the limit: (stdout, stderr).
    /// What the pipes get from now on is dropped until the next `begin`.
    func end() -> (stdout: UInt64, stderr: UInt64) {
        state.withLock { state in
            for index in state.pipes.indices {
                for _ in 0..<Self.finalReads {
                    guard pump(&state.pipes[index], forwarding: true) else { break }
                }
            }
            state.isCapturing = false
            return (state.pipes[0].dropped, state.pipes[1].dropped)
        }
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
                    let index = Int(event.data.u64)
                    guard state.pipes.indices.contains(index) else { continue }
                    pump(&state.pipes[index], forwarding: state.isCapturing)
                }
            }
        }
    }

    /// dup2s the pipes' write ends onto fds 1 and 2; false when one failed.
    private static func pointOutputFDs(at pipes: [CapturePipe]) -> Bool {
        dup2(pipes[0].writeEnd, 1) >= 0 && dup2(pipes[1].writeEnd, 2) >= 0
    }

    /// Replaces the pipes (if any) with two new ones in the epoll set; on
    /// failure there are none, and the next `begin` tries again.
    private func makePipes(_ state: inout CaptureState) throws(SystemCallError) {
        for index in state.pipes.indices { state.pipes[index].close(leaving: epoll) }
        state.pipes = []
        var made: [CapturePipe] = []
        do throws(SystemCallError) {
            for kind in [OutputStream.stdout, .stderr] {
                made.append(try CapturePipe(kind: kind))
                var event = epoll_event()
                event.events = EPOLLIN.rawValue
                event.data.u64 = UInt64(made.count - 1)
                guard epoll_ctl(epoll, EPOLL_CTL_ADD, made[made.count - 1].readEnd, &event) == 0 else {
                    throw SystemCallError(call: "epoll_ctl(output pipe)", errno: errno)
                }
            }
        } catch {
            for index in made.indices { made[index].close(leaving: epoll) }
            throw error
        }
        state.pipes = made
    }

    /// One read from a pipe: while a step captures (`forwarding`), forwards
    /// what fits under the limit and counts the rest; between steps, drops
    /// it. False when the pipe is empty for now, or broken.
    @discardableResult
    private func pump(_ pipe: inout CapturePipe, forwarding: Bool) -> Bool {
        guard !pipe.isBroken else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.readSize) { buffer in
            let count = retryingOnInterrupt { read(pipe.readEnd, buffer.baseAddress, buffer.count) }
            guard count > 0 else {
                // End of file (the code closed the write end this side
                // keeps) or a read end that is gone: out of the set, so a
                // level-triggered end of file cannot spin the drain thread.
                if count == 0 || errno != EAGAIN { pipe.markBroken(leaving: epoll) }
                return false
            }
            guard forwarding else { return true }
            let kept = pipe.keep(count)
            if kept > 0, !socket.send(.output(pipe.kind, Array(buffer[..<kept]))) { _exit(0) }
            return true
        }
    }
}
