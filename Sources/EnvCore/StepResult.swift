/// The result of `reset` or `step`, shaped as OpenEnv puts it on the wire:
/// `{"observation": {...}, "reward": r, "done": d}`.
public struct StepResult<Observation: EnvironmentObservation>: Codable, Sendable {
    public var observation: Observation
    public var reward: Double?
    public var done: Bool

    public init(observation: Observation, reward: Double?, done: Bool = false) {
        self.observation = observation
        self.reward = reward
        self.done = done
    }

    enum CodingKeys: String, CodingKey { case observation, reward, done }

    /// The wire object, built from the observation's own `jsonValue()`;
    /// the same as encoding the result.
    public func jsonValue() throws -> JSONValue {
        .object(["observation": try observation.jsonValue(), "reward": reward.map(JSONValue.double) ?? .null,
                 "done": .bool(done)])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(observation, forKey: .observation)
        try container.encode(reward, forKey: .reward)
        try container.encode(done, forKey: .done)
    }
}

/// Per-request options that travel beside an action.
public struct StepContext: Sendable, Equatable {
    /// The caller's time limit for this step (`timeout_s`), before the
    /// server caps it; nil means the server default.
    public var timeout: Duration?
    /// The caller's `request_id`, echoed into logs.
    public var requestID: String?

    public init(timeout: Duration? = nil, requestID: String? = nil) {
        self.timeout = timeout
        self.requestID = requestID
    }
}
