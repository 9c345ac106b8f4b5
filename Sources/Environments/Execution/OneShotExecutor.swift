import PythonWorker

/// Why a one-shot run produced no result.
public enum OneShotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every run slot and every queue place is taken; the caller should
    /// retry later (HTTP 503 with `Retry-After`).
    case saturated(running: Int, queued: Int)
    /// No worker could be had, or the program does not fit in a frame.
    case failed(CodingEnvironmentError)

    public var description: String {
        switch self {
        case .saturated(let running, let queued):
            "Server busy: \(running) executions running and \(queued) queued (the most it takes); retry shortly"
        case .failed(let error): "\(error)"
        }
    }
}

/// Runs programs once each, every one on a fresh confined worker from the
/// pool that the worker is closed after: no namespace, file or process of
/// one run is there for the next (`POST /execute`, `codeenv eval`).
///
/// At most `maxConcurrent` runs hold a worker at once; the next
/// `maxQueued` wait in arrival order; the rest are refused with
/// `.saturated`. Time limits follow the coding environment's settings: a
/// job's timeout (or the default), capped by the maximum, then the kill
/// grace.
public final class OneShotExecutor: Sendable {
    private let pool: WorkerPool
    private let settings: CodingSettings
    private let gate: ExecutionGate

    public init(pool: WorkerPool, settings: CodingSettings, maxConcurrent: Int, maxQueued: Int) {
        self.pool = pool
        self.settings = settings
        gate = ExecutionGate(maxRunning: maxConcurrent, maxWaiting: maxQueued)
    }

    /// `onOutput` sees the program's output as it is written (`codeenv run`
    /// prints it as it comes); the result has all of it too.
    public func run(_ job: ExecutionJob, onOutput: OutputListener? = nil) async throws(OneShotError) -> ExecutionResult {
        let size = job.code.utf8.count + job.stdin.utf8.count
        guard size <= ExecuteRequest.maxCodeBytes else {
            throw .failed(.codeTooLarge(bytes: size, limit: ExecuteRequest.maxCodeBytes))
        }
        let outcome: Result<ExecutionResult, CodingEnvironmentError>
        do {
            outcome = try await gate.withSlot { await self.runOnFreshWorker(job, onOutput: onOutput) }
        } catch {
            throw .saturated(running: error.running, queued: error.waiting)
        }
        return try outcome.get(orThrow: OneShotError.failed)
    }

    /// Runs the job on a worker of its own, taking a second one when the
    /// first was gone before it saw the code (no line ran, so a retry is
    /// safe); the worker is closed afterwards whatever happened.
    private func runOnFreshWorker(
        _ job: ExecutionJob, onOutput: OutputListener?
    ) async -> Result<ExecutionResult, CodingEnvironmentError> {
        let timeLimit = min(job.timeout ?? settings.defaultTimeLimit, settings.maxTimeLimit)
        let request = ExecuteRequest(
            code: job.code, timeLimit: StepReport.seconds(timeLimit), outputLimit: settings.outputLimit, stdin: job.stdin)
        for _ in 0..<2 {
            let worker: Worker
            do {
                worker = try await pool.acquire()
            } catch {
                return .failure(.noWorker(error))
            }
            let started = ContinuousClock.now
            let outcome = await worker.execute(request, hardDeadline: timeLimit + settings.killGrace, onOutput: onOutput)
            let elapsed = ContinuousClock.now - started
            worker.close()
            guard outcome.analysis != nil else { continue }
            let report = StepReport(outcome, timeLimit: timeLimit, killGrace: settings.killGrace)
            return .success(ExecutionResult(
                stdout: report.stdout, stderr: report.stderr, exitCode: report.exitCode,
                durationSeconds: StepReport.seconds(elapsed), timedOut: report.timedOut))
        }
        return .failure(.workersUnavailable)
    }
}

extension Result {
    /// The success value, or the failure wrapped by `wrap` and thrown typed.
    fileprivate func get<E: Error>(orThrow wrap: (Failure) -> E) throws(E) -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): throw wrap(error)
        }
    }
}
