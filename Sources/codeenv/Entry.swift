import ArgumentParser
import Dispatch
import Foundation
import NIOCore
import NIOPosix

/// The process entry point.
///
/// `codeenv zygote` must run before anything starts a thread: the zygote
/// forks episode workers, and forking a process with other threads (the
/// Swift concurrency pool, NIO's event loops, a logging backend) is
/// undefined behaviour once CPython runs in the child. So `main` is
/// synchronous and looks at `argv[1]` first; only after that does the
/// async runtime start, for every other subcommand.
///
/// Swift concurrency then runs on NIO's event loops rather than its own
/// thread pool: a step's path (WebSocket frame, session, worker socket and
/// back) otherwise hops between the two pools four times, and on a small
/// machine those thread wake-ups were most of a trivial step's latency.
/// Nothing in the server blocks a task (the zygote reader has its own
/// thread), which is what this executor asks of its callers.
@main
enum Entry {
    static func main() {
        ZygoteLaunch.runIfRequested(CommandLine.arguments)
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        Task {
            await CodeEnv.main()
            exit(EXIT_SUCCESS)
        }
        dispatchMain()
    }
}
