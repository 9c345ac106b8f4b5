import EnvCore

/// `{"code": str}`: Python source to run in the episode's namespace.
public struct CodeAction: EnvironmentAction, Equatable {
    public var code: String
    public var metadata: [String: JSONValue]

    public init(code: String, metadata: [String: JSONValue] = [:]) {
        self.code = code
        self.metadata = metadata
    }

    public static let jsonSchema = JSONSchema.action(
        title: "CodeAction", description: "Represents a single code execution request.",
        fields: [.init("code", .string(), required: true)])

    /// Read directly: every step decodes one.
    public init(validated value: JSONValue) throws {
        guard case .object(let members) = value, members.count == 2, case .string(let code)? = members["code"],
            case .object(let metadata)? = members["metadata"]
        else {
            self = try JSONValueDecoder().decode(Self.self, from: value)
            return
        }
        self.init(code: code, metadata: metadata)
    }
}

/// What a step printed and how it ended, as OpenEnv's `CodeObservation`.
///
/// `metadata` carries `last_code`, `safety_violation` (the matched
/// pattern) when the safety transform fired, and the worker flags:
/// `timed_out` (the step hit its time limit), `worker_exited` (the worker
/// process ended during the step: `os._exit`, a signal, the hard time
/// limit; the namespace is gone) and `namespace_lost` (this step ran on a
/// fresh worker because the previous one ended, so earlier variables are
/// gone).
public struct CodeObservation: EnvironmentObservation, Equatable {
    public var stdout: String
    public var stderr: String
    public var exitCode: Int
    public var metadata: [String: JSONValue]

    public init(stdout: String = "", stderr: String = "", exitCode: Int = 0, metadata: [String: JSONValue] = [:]) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
        self.metadata = metadata
    }

    public static let jsonSchema = JSONSchema.observation(
        title: "CodeObservation", description: "Result of executing code in the environment.",
        fields: [
            .init("stdout", .string(default: "")),
            .init("stderr", .string(default: "")),
            .init("exit_code", .integer(default: 0)),
        ])

    enum CodingKeys: String, CodingKey {
        case stdout, stderr, metadata
        case exitCode = "exit_code"
    }

    /// Built directly: every step sends one.
    public func jsonValue() -> JSONValue {
        .object(["stdout": .string(stdout), "stderr": .string(stderr), "exit_code": .int(exitCode),
                 "metadata": .object(metadata)])
    }
}

/// OpenEnv's `CodeState`: the episode plus the last step's exit code.
public struct CodeState: EnvironmentState, Equatable {
    public var episodeID: String?
    public var stepCount: Int
    public var lastExitCode: Int

    public init(episodeID: String?, stepCount: Int = 0, lastExitCode: Int = 0) {
        self.episodeID = episodeID
        self.stepCount = stepCount
        self.lastExitCode = lastExitCode
    }

    public static let jsonSchema = JSONSchema.state(
        title: "CodeState", description: "State for CodeAct environment with persistent execution context.",
        fields: [.init("last_exit_code", .integer(default: 0))])

    enum CodingKeys: String, CodingKey {
        case episodeID = "episode_id"
        case stepCount = "step_count"
        case lastExitCode = "last_exit_code"
    }

    /// `episode_id` is written as null rather than left out, as pydantic does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(episodeID, forKey: .episodeID)
        try container.encode(stepCount, forKey: .stepCount)
        try container.encode(lastExitCode, forKey: .lastExitCode)
    }
}
