import Foundation

/// The hook for `codeenv zygote`, the single-threaded process the server
/// spawns to fork episode workers from. `Entry.main` calls it before any
/// thread exists; it returns only when `argv[1]` is not `zygote`.
enum ZygoteLaunch {
    static let subcommand = "zygote"
    /// sysexits' EX_SOFTWARE: an internal command this build cannot run.
    static let unavailableExitCode: Int32 = 70

    static func runIfRequested(_ arguments: [String]) {
        guard arguments.count > 1, arguments[1] == subcommand else { return }
        run(arguments: Array(arguments.dropFirst(2)))
    }

    /// Runs the zygote; never returns. The zygote is PythonWorker's
    /// (`Zygote.main(arguments:)`); this build does not include it yet.
    private static func run(arguments: [String]) -> Never {
        FileHandle.standardError.write(Data("codeenv zygote: the Python zygote is not part of this build\n".utf8))
        exit(unavailableExitCode)
    }
}
