import Environments
import Testing

@testable import codeenv

/// The pass marker and the verdicts, on results as workers give them.
@Suite struct CheckHarnessTests {
    let harness = CheckHarness(nonce: "0123456789abcdef0123456789abcdef")

    func result(stdout: String = "", stderr: String = "", exitCode: Int = 0, timedOut: Bool = false) -> ExecutionResult {
        ExecutionResult(stdout: stdout, stderr: stderr, exitCode: exitCode, durationSeconds: 0.01, timedOut: timedOut)
    }

    @Test func noncesAreFreshAnd32HexDigits() {
        let first = CheckHarness.randomNonce()
        #expect(first.count == 32 && first.allSatisfy(\.isHexDigit))
        #expect(first != CheckHarness.randomNonce())
    }

    @Test func theNonceTravelsOnStdinNotInTheProgram() {
        let job = harness.job(program: "check(f)", timeout: .seconds(3))
        #expect(job.stdin == "0123456789abcdef0123456789abcdef")
        #expect(!job.code.contains(harness.nonce))
        #expect(job.timeout == .seconds(3))
    }

    @Test func onlyTheMarkerWithExitZeroPasses() {
        #expect(harness.verdict(result(stdout: "\ncodeenv-check-returned:0123456789abcdef0123456789abcdef\n")) == (true, "passed"))
        #expect(harness.verdict(result(stdout: "passed\n")) == (false, "failed: exited before check() returned (exit code 0)"))
        #expect(harness.verdict(result(stdout: "codeenv-check-returned:ffffffffffffffffffffffffffffffff\n"))
            == (false, "failed: exited before check() returned (exit code 0)"))
        #expect(harness.verdict(result(stdout: "\ncodeenv-check-returned:0123456789abcdef0123456789abcdef\n", exitCode: 1)).passed == false)
    }

    @Test func failuresSayWhy() {
        let assertion = "Traceback (most recent call last):\n  File \"<sample>\", line 9, in check\nAssertionError\n"
        #expect(harness.verdict(result(stderr: assertion, exitCode: 1)) == (false, "failed: AssertionError"))
        let error = "Traceback (most recent call last):\n  File \"<sample>\", line 3, in f\nValueError: boom\n"
        #expect(harness.verdict(result(stderr: error, exitCode: 1)) == (false, "failed: ValueError: boom"))
        #expect(harness.verdict(result(exitCode: 137, timedOut: true)) == (false, "timed out"))
        #expect(harness.verdict(result(exitCode: 3)) == (false, "failed: exited before check() returned (exit code 3)"))
    }

    @Test func pythonLiteralsEscapeWhatPythonWould() {
        #expect(CheckHarness.pythonStringLiteral("a\"b\\c\nd\té😀") == #""a\"b\\c\nd\u0009\u00e9\U0001f600""#)
    }
}
