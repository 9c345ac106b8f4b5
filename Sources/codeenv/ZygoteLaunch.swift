import PythonWorker

/// The hook for `codeenv zygote`, the single-threaded process the server
/// spawns to fork episode workers from. `Entry.main` calls it before any
/// thread exists; it returns only when `argv[1]` is not `zygote`.
enum ZygoteLaunch {
    static let subcommand = "zygote"

    static func runIfRequested(_ arguments: [String]) {
        guard arguments.count > 1, arguments[1] == subcommand else { return }
        Zygote.main(arguments: Array(arguments.dropFirst(2)))
    }
}
