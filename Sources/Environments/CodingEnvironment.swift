import EnvCore
import Foundation
import PythonWorker

/// Limits of the coding environment's steps (`codeenv serve` options).
public struct CodingSettings: Sendable, Equatable {
    /// A step's time limit when the request names none (`timeout_s`).
    public var defaultTimeLimit: Duration
    /// The most a request may ask for; larger `timeout_s` values are capped.
    public var maxTimeLimit: Duration
    /// How long a worker may ignore the time limit's interrupt before it is
    /// killed.
    public var killGrace: Duration
    /// Bytes kept per output stream and step.
    public var outputLimit: Int

    public init(
        defaultTimeLimit: Duration = .seconds(10), maxTimeLimit: Duration = .seconds(300),
        killGrace: Duration = .seconds(1), outputLimit: Int = 1 << 20
    ) {
        self.defaultTimeLimit = defaultTimeLimit
        self.maxTimeLimit = maxTimeLimit
        self.killGrace = killGrace
        self.outputLimit = outputLimit
    }
}

/// Why a coding step produced no observation: the server maps it to
/// `EXECUTION_ERROR` with this message.
public enum CodingEnvironmentError: Error, Sendable, Equatable, CustomStringConvertible {
    case noWorker(WorkerError)
    /// Two workers in a row were gone before they could see the code.
    case workersUnavailable
    /// The code is larger than a worker accepts in one frame.
    case codeTooLarge(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .noWorker(let error): return "\(error)"
        case .workersUnavailable: return "no Python worker stayed up long enough to run the step; try again"
        case .codeTooLarge(let bytes, let limit): return "the code is \(bytes) bytes of UTF-8; the most a step takes is \(limit)"
        }
    }
}

/// OpenEnv's coding environment (`PythonCodeActEnv`) on real CPython: each
/// episode owns one worker process forked from the zygote, whose
/// `__main__` namespace keeps variables, functions, classes and imports
/// from step to step. Rewards are OpenEnv's safety + quality transforms.
///
/// Owns its current worker and closes it on `reset` and `close`.
public actor CodingEnvironment: Environment {
    public static let descriptor = EnvironmentDescriptor(
        name: "PythonCodeActEnv",
        description: "Runs Python code in a persistent, sandboxed CPython namespace per episode; "
            + "rewards follow OpenEnv's coding-env safety and quality transforms.",
        version: "1.0.0")

    private let pool: WorkerPool
    private let settings: CodingSettings
    private var episode: CodeState
    private var worker: Worker?
    /// Whether a step has run on `worker`, so its namespace holds state
    /// that a replacement worker would lose.
    private var workerHasRun = false
    /// A worker that held the episode's namespace ended; the next step
    /// runs on a fresh one and says so (`namespace_lost`).
    private var namespaceLost = false

    /// A new instance has an episode but no worker yet: the first `reset`
    /// or `step` takes one from the pool.
    public init(pool: WorkerPool, settings: CodingSettings = CodingSettings()) {
        self.pool = pool
        self.settings = settings
        episode = CodeState(episodeID: Self.newEpisodeID())
    }

    public func reset(seed: Int?, episodeID: String?) async throws -> StepResult<CodeObservation> {
        dropWorker()
        worker = try await acquireWorker()
        namespaceLost = false
        episode = CodeState(episodeID: episodeID ?? Self.newEpisodeID())
        return StepResult(observation: CodeObservation(), reward: 0.0)
    }

    public func step(_ action: CodeAction, context: StepContext) async throws -> StepResult<CodeObservation> {
        guard action.code.utf8.count <= ExecuteRequest.maxCodeBytes else {
            throw CodingEnvironmentError.codeTooLarge(bytes: action.code.utf8.count, limit: ExecuteRequest.maxCodeBytes)
        }
        let timeLimit = min(context.timeout ?? settings.defaultTimeLimit, settings.maxTimeLimit)
        let (outcome, namespaceLost) = try await execute(action.code, timeLimit: timeLimit)
        guard let analysis = outcome.analysis else { throw CodingEnvironmentError.workersUnavailable }

        let report = StepReport(outcome, timeLimit: timeLimit, killGrace: settings.killGrace)
        var observation = CodeObservation(
            stdout: report.stdout, stderr: report.stderr, exitCode: report.exitCode,
            metadata: ["last_code": .string(action.code)])
        if namespaceLost { observation.metadata["namespace_lost"] = true }
        if report.timedOut { observation.metadata["timed_out"] = true }
        if report.workerExited { observation.metadata["worker_exited"] = true }
        if !outcome.workerSurvived { dropWorker() }

        let reward = observation.applyRewards(for: AnalyzedCode(code: action.code, analysis: analysis))
        episode.stepCount += 1
        episode.lastExitCode = observation.exitCode
        return StepResult(observation: observation, reward: reward)
    }

    public func state() -> CodeState {
        episode
    }

    public func close() {
        dropWorker()
    }

    /// Runs the code on the episode's worker, taking a fresh one when there
    /// is none or it turns out to be gone before it saw the code (then no
    /// line ran, so running the step again elsewhere is safe). Reports
    /// whether the namespace earlier steps built was lost on the way.
    private func execute(_ code: String, timeLimit: Duration) async throws -> (WorkerStepOutcome, namespaceLost: Bool) {
        let request = ExecuteRequest(code: code, timeLimit: StepReport.seconds(timeLimit), outputLimit: settings.outputLimit)
        var outcome: WorkerStepOutcome?
        for _ in 0..<2 {
            if worker?.isAlive != true {
                dropWorker()
                worker = try await acquireWorker()
            }
            let result = await worker!.execute(request, hardDeadline: timeLimit + settings.killGrace)
            outcome = result
            guard result.analysis == nil else {
                workerHasRun = true
                break
            }
            dropWorker()
        }
        defer { namespaceLost = false }
        return (outcome!, namespaceLost)
    }

    private func acquireWorker() async throws(CodingEnvironmentError) -> Worker {
        do {
            return try await pool.acquire()
        } catch {
            throw .noWorker(error)
        }
    }

    /// Closes the current worker (killed; the zygote reaps it), noting
    /// when the episode's namespace goes with it.
    private func dropWorker() {
        worker?.close()
        if workerHasRun { namespaceLost = true }
        worker = nil
        workerHasRun = false
    }

    /// Lower-case, as Python's `str(uuid4())` writes it.
    private static func newEpisodeID() -> String {
        UUID().uuidString.lowercased()
    }
}
