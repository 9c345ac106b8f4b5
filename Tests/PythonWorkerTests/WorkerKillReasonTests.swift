import Glibc
import Testing

@testable import PythonWorker

/// How `/metrics` names the way a step was stopped, from its outcome.
struct WorkerKillReasonTests {
    @Test(arguments: [
        (WorkerStepOutcome.Ending.hardTimeout, "", WorkerKillReason?.some(.timeout)),
        (.workerExited(.signaled(signal: SIGSYS)), "", .seccomp),
        (.workerExited(.signaled(signal: SIGSEGV)), "", .crash),
        (.workerExited(.signaled(signal: SIGKILL)), "", .crash),
        (.workerExited(.signaled(signal: SIGABRT)), "Traceback (most recent call last):\nMemoryError\n", .memory),
        (.completed(exitCode: 1, timedOut: false), "Traceback (most recent call last):\n  File \"<step>\", line 1\nMemoryError\n", .memory),
        (.protocolViolation("oversized frame"), "", .crash),
        (.completed(exitCode: 0, timedOut: false), "", nil),
        (.completed(exitCode: 1, timedOut: true), "KeyboardInterrupt\n", nil),
        (.completed(exitCode: 1, timedOut: false), "ValueError: MemoryError is not this\n", nil),
        (.workerExited(.exited(code: 3)), "", nil),
        (.workerExited(.lost), "", nil),
    ])
    func killReasonFollowsTheEnding(ending: WorkerStepOutcome.Ending, stderr: String, reason: WorkerKillReason?) {
        var captured = CapturedOutput(limit: 1 << 16)
        captured.append(Array(stderr.utf8))
        let outcome = WorkerStepOutcome(analysis: nil, ending: ending, stdout: CapturedOutput(limit: 1 << 16), stderr: captured)
        #expect(WorkerKillReason(outcome) == reason)
    }
}
