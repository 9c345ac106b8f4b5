import ArgumentParser
import Dispatch
import Foundation

/// The process entry point.
///
/// `codeenv zygote` must run before anything starts a thread: the zygote
/// forks episode workers, and forking a process with other threads (the
/// Swift concurrency pool, NIO's event loops, a logging backend) is
/// undefined behaviour once CPython runs in the child. So `main` is
/// synchronous and looks at `argv[1]` first; only after that does the
/// async runtime start, for every other subcommand.
@main
enum Entry {
    static func main() {
        ZygoteLaunch.runIfRequested(CommandLine.arguments)
        Task {
            await CodeEnv.main()
            exit(EXIT_SUCCESS)
        }
        dispatchMain()
    }
}
