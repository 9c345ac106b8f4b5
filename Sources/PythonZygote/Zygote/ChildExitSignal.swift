import Glibc
import WorkerProtocol

/// Turns SIGCHLD into a readable descriptor (the self-pipe trick), so the
/// zygote's one thread waits for "a worker ended" and "a request arrived"
/// in the same `poll`. glibc's `signalfd` is not visible to Swift, and a
/// handler that only writes one byte is async-signal-safe.
enum ChildExitSignal {
    /// The pipe's write end, for the handler. Written once, before the
    /// handler is installed, and never again.
    nonisolated(unsafe) private static var writeEnd: Int32 = -1

    /// Installs the handler and returns the pipe's read end.
    static func install() throws(SystemCallError) -> Int32 {
        let ends = try makePipe(nonBlocking: .both)
        writeEnd = ends.write
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let saved = errno
            var byte: UInt8 = 0
            _ = write(ChildExitSignal.writeEnd, &byte, 1)
            errno = saved
        }
        action.sa_flags = SA_RESTART | SA_NOCLDSTOP
        sigemptyset(&action.sa_mask)
        guard sigaction(SIGCHLD, &action, nil) == 0 else { throw SystemCallError(call: "sigaction(SIGCHLD)", errno: errno) }
        return ends.read
    }

    /// Empties the pipe once it polled readable (bytes only say "look").
    static func drain(_ readEnd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }

    /// In a new worker: SIGCHLD back to its default, so the worker's own
    /// children (permissive profile) behave as under `python3`.
    static func uninstall() {
        signal(SIGCHLD, SIG_DFL)
    }
}
