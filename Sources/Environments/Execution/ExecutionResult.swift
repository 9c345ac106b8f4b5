import EnvCore

/// One program to run once on a fresh worker (`POST /execute`, one sample
/// of `codeenv eval`).
public struct ExecutionJob: Sendable, Equatable {
    public var code: String
    /// The program's whole stdin.
    public var stdin: String
    /// Nil: the server's default step limit. Capped by its maximum.
    public var timeout: Duration?

    public init(code: String, stdin: String = "", timeout: Duration? = nil) {
        self.code = code
        self.stdin = stdin
        self.timeout = timeout
    }
}

/// What `POST /execute` answers: how one run ended.
public struct ExecutionResult: Sendable, Equatable {
    public var stdout: String
    public var stderr: String
    public var exitCode: Int
    /// Wall time of the run in the worker, queueing excluded.
    public var durationSeconds: Double
    /// The time limit interrupted or killed the program.
    public var timedOut: Bool

    public init(stdout: String, stderr: String, exitCode: Int, durationSeconds: Double, timedOut: Bool) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
        self.durationSeconds = durationSeconds
        self.timedOut = timedOut
    }

    /// The wire form, as PROTOCOL.md names the fields.
    public var jsonValue: JSONValue {
        [
            "stdout": .string(stdout), "stderr": .string(stderr), "exit_code": .int(exitCode),
            "duration_s": .double(durationSeconds), "timed_out": .bool(timedOut),
        ]
    }

    /// Reads the wire form; nil when a field is missing or mistyped.
    public init?(json: JSONValue) {
        guard let members = json.objectValue, let stdout = members["stdout"]?.stringValue,
            let stderr = members["stderr"]?.stringValue, let exitCode = members["exit_code"]?.intValue,
            let duration = members["duration_s"]?.doubleValue, case .bool(let timedOut)? = members["timed_out"]
        else { return nil }
        self.init(stdout: stdout, stderr: stderr, exitCode: exitCode, durationSeconds: duration, timedOut: timedOut)
    }
}
