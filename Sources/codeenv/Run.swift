import ArgumentParser
import Environments
import Foundation
import Logging

/// `codeenv run`: a hardened `python3` for scripts and shells. The program
/// runs once on a fresh confined worker, exactly as a server episode's
/// code does (same zygote, same sandbox sequence and options): in a pool
/// this process starts, or on a server's `POST /execute` with `--server`.
///
/// Output is printed as the worker sends it, locally; with `--server` it
/// is printed when the program ends, as `POST /execute` answers with the
/// whole result.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a Python file or -c CODE once in the sandbox; exit with its exit code.",
        discussion: """
            The program's stdin is this command's stdin when that is not a terminal (`< /dev/null` gives none). \
            Exit codes are the program's, as python3 gives them (1 for an uncaught exception, n for \
            sys.exit(n), 128 + signal when killed); 125 means the program could not be run at all.
            """)

    /// The exit code when codeenv itself failed (docker's convention).
    static let runnerFailed: Int32 = 125

    @Argument(help: "The Python file to run (`-` reads the program from stdin).")
    var file: String?

    @Option(name: .customShort("c"), help: "The program, as text.")
    var code: String?

    @Option(help: "A codeenv server to run on (its POST /execute), e.g. http://localhost:8000; default: a sandbox of this process.")
    var server: String?

    @Option(help: "The program's time limit, in seconds.")
    var timeout = 60.0

    @OptionGroup(title: "Sandbox of the local engine (without --server)")
    var coding: CodingOptions

    func validate() throws {
        guard (file == nil) != (code == nil) else { throw ValidationError("give either FILE or -c CODE") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if let server, URL(string: server)?.scheme == nil {
            throw ValidationError("--server must be a URL such as http://localhost:8000")
        }
    }

    func run() async throws {
        let result: ExecutionResult
        let relay = OutputRelay()
        do {
            let program = try code ?? readProgram(file ?? "-")
            let stdin = file == "-" || isatty(0) == 1 ? "" : String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            let job = ExecutionJob(code: program, stdin: stdin, timeout: .milliseconds(Int64(timeout * 1000)))
            result = try await execute(job, relay: relay)
        } catch {
            FileHandle.standardError.write(Data("codeenv run: \(error)\n".utf8))
            throw ExitCode(Self.runnerFailed)
        }
        relay.finish(with: result)
        throw ExitCode(Int32(clamping: result.exitCode))
    }

    private func readProgram(_ path: String) throws -> String {
        if path == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Runs the job on the server, or on a one-worker pool of this process
    /// that is shut down (its zygote and worker killed) before returning.
    private func execute(_ job: ExecutionJob, relay: OutputRelay) async throws -> ExecutionResult {
        if let server, let url = URL(string: server) {
            return try await RemoteEngine(server: url).run(job)
        }
        var logger = Logger(label: "codeenv.run")
        logger.logLevel = .warning
        var options = coding
        options.workerPoolSize = 1
        let pool = try await options.startPool(logger: logger)
        var settings = coding.settings
        settings.defaultTimeLimit = job.timeout ?? settings.defaultTimeLimit
        settings.maxTimeLimit = max(settings.maxTimeLimit, settings.defaultTimeLimit)
        let executor = OneShotExecutor(pool: pool, settings: settings, maxConcurrent: 1, maxQueued: 0)
        do {
            let result = try await executor.run(job, onOutput: relay.write)
            await pool.shutdown()
            return result
        } catch {
            await pool.shutdown()
            throw error
        }
    }
}
