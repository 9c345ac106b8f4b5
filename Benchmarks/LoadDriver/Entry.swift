import Dispatch
import Foundation
import NIOCore
import NIOPosix

/// The process entry point.
///
/// Like the server, the driver runs Swift concurrency on NIO's event loops:
/// on its default pool every message's reply would wake a second thread to
/// resume the session's task, and that wake-up, on the same two cores as
/// the server, would be measured as the server's latency and taken from its
/// throughput.
@main
enum Entry {
    static func main() {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        Task {
            await BenchCommand.main()
            exit(EXIT_SUCCESS)
        }
        dispatchMain()
    }
}
