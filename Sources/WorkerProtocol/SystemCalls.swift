import Glibc

/// A failed system call: which one and why, for logs and error messages.
public struct SystemCallError: Error, Equatable, Sendable, CustomStringConvertible {
    public var call: String
    public var errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call): \(String(cString: strerror(errno)))"
    }
}

/// Repeats a system call that a signal interrupted (the zygote takes
/// SIGCHLD, the worker SIGALRM).
@inline(__always)
package func retryingOnInterrupt<Result: BinaryInteger>(_ call: () -> Result) -> Result {
    while true {
        let result = call()
        if result >= 0 || errno != EINTR { return result }
    }
}

/// A pipe whose ends are close-on-exec, so a process that the code execs
/// (permissive profile) inherits neither; `nonBlocking` sets O_NONBLOCK on
/// both ends. (glibc's `pipe2` is not visible to Swift.)
package func makePipe(nonBlocking: Bool = false) throws(SystemCallError) -> (read: Int32, write: Int32) {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { throw SystemCallError(call: "pipe", errno: errno) }
    for end in ends {
        _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        if nonBlocking { setNonBlocking(end) }
    }
    return (ends[0], ends[1])
}

package func setNonBlocking(_ fd: Int32) {
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
}
