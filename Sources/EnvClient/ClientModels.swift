import EnvCore

/// An action a client sends: its fields as the environment's `/schema`
/// names them. `Observation` is what a step with it answers, so
/// `EnvClient<CodeAction>` returns `CodeObservation`s.
public protocol ClientAction: Sendable {
    associatedtype Observation: ClientObservation
    /// The action's fields (the `/ws` step's `data`, HTTP's `action`).
    var fields: [String: JSONValue] { get }
}

/// An observation a client reads from the wire's `observation` object.
public protocol ClientObservation: Sendable {
    /// Throws `unexpectedReply` naming the missing or mistyped field.
    init(fields: [String: JSONValue]) throws(EnvClientError)
}

/// What `reset` and `step` return: the observation, the reward (nil when
/// the environment gives none) and whether the episode is over.
public struct ClientStepResult<Observation: ClientObservation>: Sendable {
    public var observation: Observation
    public var reward: Double?
    public var done: Bool

    /// Reads `{"observation": {...}, "reward": r, "done": d}`.
    init(json: JSONValue) throws(EnvClientError) {
        guard let members = json.objectValue, let fields = members["observation"]?.objectValue else {
            throw .unexpectedReply("expected {\"observation\", \"reward\", \"done\"}, got \(json.jsonText.prefix(300))")
        }
        observation = try Observation(fields: fields)
        reward = members["reward"]?.doubleValue
        done = members["done"] == .bool(true)
    }
}

/// An episode's state: `episode_id`, `step_count` and every field the
/// environment adds (the coding env's `last_exit_code`) in `fields`.
public struct ClientState: Sendable, Equatable {
    public var episodeID: String?
    public var stepCount: Int
    /// The whole state object, the two fields above included.
    public var fields: [String: JSONValue]

    init(json: JSONValue) throws(EnvClientError) {
        guard let members = json.objectValue, let stepCount = members["step_count"]?.intValue else {
            throw .unexpectedReply("expected a state with step_count, got \(json.jsonText.prefix(300))")
        }
        episodeID = members["episode_id"]?.stringValue
        self.stepCount = stepCount
        fields = members
    }
}

extension [String: JSONValue] {
    /// A required field, typed; throws naming it when missing or mistyped.
    func required<T>(_ name: String, _ read: (JSONValue) -> T?) throws(EnvClientError) -> T {
        guard let value = self[name], let typed = read(value) else {
            throw .unexpectedReply("observation field \"\(name)\" is missing or has the wrong type")
        }
        return typed
    }
}
