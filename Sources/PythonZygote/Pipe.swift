import CLinux
import Glibc
import WorkerProtocol

/// Which ends of a pipe are O_NONBLOCK.
enum NonBlockingEnds {
    /// Both, for a self-pipe that a signal handler writes and a poll loop drains.
    case both
    /// The read end alone: a writer blocks on a full pipe, as it would on
    /// a terminal, while the reader never waits on an empty one.
    case readEnd
}

/// A pipe whose ends are close-on-exec, so a process that the code execs
/// (permissive profile) inherits neither. One `pipe2` and at most one
/// `fcntl`.
///
/// Neither end is ever fd 0, 1 or 2: after a step that closed one of them
/// (`os.close(0)`), the next step's pipe would take that number, and
/// setting up that step's stdin or output on it would close the pipe.
func makePipe(nonBlocking: NonBlockingEnds) throws(SystemCallError) -> (read: Int32, write: Int32) {
    var ends: [Int32] = [0, 0]
    guard pipe2(&ends, O_CLOEXEC | (nonBlocking == .both ? O_NONBLOCK : 0)) == 0 else {
        throw SystemCallError(call: "pipe2", errno: errno)
    }
    for index in ends.indices where ends[index] <= STDERR_FILENO {
        let moved = fcntl(ends[index], F_DUPFD_CLOEXEC, STDERR_FILENO + 1)
        let failure = errno
        close(ends[index])
        ends[index] = moved
        guard moved >= 0 else {
            ends.filter { $0 >= 0 }.forEach { close($0) }
            throw SystemCallError(call: "fcntl(F_DUPFD_CLOEXEC)", errno: failure)
        }
    }
    if nonBlocking == .readEnd {
        // A new pipe's only status flag is its access mode, which F_SETFL ignores.
        _ = fcntl(ends[0], F_SETFL, O_NONBLOCK)
    }
    return (ends[0], ends[1])
}
