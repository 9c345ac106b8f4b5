import ArgumentParser
import Dispatch
import Foundation
import NIOCore
import NIOPosix

/// The process entry point.
///
/// Swift concurrency runs on NIO's event loops rather than its own
/// thread pool: a step's path (WebSocket frame, session, worker socket and
/// back) otherwise hops between the two pools four times, and on a small
/// machine those thread wake-ups were most of a trivial step's latency.
/// Nothing in the server blocks a task (the zygote reader has its own
/// thread), which is what this executor asks of its callers.
@main
enum Entry {
    static func main() {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        Task {
            await CodeEnv.main()
            exit(EXIT_SUCCESS)
        }
        dispatchMain()
    }
}
