import CLinux
import Glibc
import WorkerProtocol

/// One of a worker's two output pipes, and how many of the current step's
/// bytes it kept and dropped.
///
/// The descriptors are open to the episode's code, which may close them;
/// a pipe whose read hits an end of file or an error is broken, and the
/// capture makes a new one. Closing a broken pipe closes only descriptors
/// that still name it: the number of one the code closed may name one of
/// the code's own files by then.
struct CapturePipe: Sendable {
    let kind: OutputStream
    let readEnd: Int32
    let writeEnd: Int32
    private let inode: ino_t
    private(set) var isBroken = false
    private var limit = 0
    private var kept = 0
    private(set) var dropped: UInt64 = 0

    /// A new pipe, read end non-blocking, neither end fd 0, 1 or 2.
    init(kind: OutputStream) throws(SystemCallError) {
        let ends = try makePipe(nonBlocking: .readEnd)
        var status = Glibc.stat()
        guard fstat(ends.read, &status) == 0 else {
            let failure = errno
            Glibc.close(ends.read)
            Glibc.close(ends.write)
            throw SystemCallError(call: "fstat(output pipe)", errno: failure)
        }
        self.kind = kind
        readEnd = ends.read
        writeEnd = ends.write
        inode = status.st_ino
    }

    /// Starts counting a new step's bytes against `limit`.
    mutating func startStep(limit: Int) {
        self.limit = limit
        kept = 0
        dropped = 0
    }

    /// Of `count` new bytes, how many fit under the limit; the rest count
    /// as dropped.
    mutating func keep(_ count: Int) -> Int {
        let fitting = min(count, max(0, limit - kept))
        kept += fitting
        dropped += UInt64(count - fitting)
        return fitting
    }

    /// Takes the read end out of `epoll`'s set; the pipe is not read again.
    mutating func markBroken(leaving epoll: Int32) {
        guard !isBroken else { return }
        isBroken = true
        epoll_ctl(epoll, EPOLL_CTL_DEL, readEnd, nil)
    }

    /// Leaves `epoll`'s set and closes the ends that are still this pipe's.
    mutating func close(leaving epoll: Int32) {
        markBroken(leaving: epoll)
        for end in [readEnd, writeEnd] where names(end) { Glibc.close(end) }
    }

    private func names(_ descriptor: Int32) -> Bool {
        var status = Glibc.stat()
        return fstat(descriptor, &status) == 0 && status.st_ino == inode && status.st_mode & S_IFMT == S_IFIFO
    }
}
