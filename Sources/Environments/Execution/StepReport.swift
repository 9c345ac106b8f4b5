import PythonWorker

/// What a caller tells a client about one worker step: the exit code a
/// shell would give, the captured output with codeenv's own notes
/// appended, and whether the time limit struck or the worker ended.
///
/// Both a coding episode's `step` and a one-shot `/execute` report steps
/// this way, so a hard kill or a lost worker reads the same in both.
public struct StepReport: Sendable, Equatable {
    public var stdout: String
    public var stderr: String
    public var exitCode: Int
    /// The soft limit interrupted the code, or the hard deadline killed it.
    public var timedOut: Bool
    /// The worker process is gone (`os._exit`, a signal, a kill by the
    /// server); whatever the code built in it is lost.
    public var workerExited: Bool

    /// `timeLimit` and `killGrace` are the limits the step ran under; they
    /// appear in the message of a hard kill.
    public init(_ outcome: WorkerStepOutcome, timeLimit: Duration, killGrace: Duration) {
        stdout = outcome.stdout.text
        stderr = outcome.stderr.text
        timedOut = false
        workerExited = true
        switch outcome.ending {
        case .completed(let exitCode, let timedOut):
            self.exitCode = Int(exitCode)
            self.timedOut = timedOut
            workerExited = false
        case .workerExited(let exit):
            exitCode = exit.exitCode
            if exit == .lost {
                stderr += "codeenv: the worker was lost when its zygote stopped; the namespace is gone\n"
            }
        case .hardTimeout:
            exitCode = WorkerExit.signaled(signal: 9).exitCode
            timedOut = true
            stderr += "codeenv: killed: the code did not stop within \(Self.seconds(timeLimit)) s "
                + "plus \(Self.seconds(killGrace)) s of grace; the namespace is gone\n"
        case .protocolViolation(let detail):
            exitCode = WorkerExit.signaled(signal: 9).exitCode
            stderr += "codeenv: killed: the worker broke the frame protocol (\(detail)); the namespace is gone\n"
        }
    }

    /// A duration as seconds, the unit of `timeout_s` and the messages.
    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
