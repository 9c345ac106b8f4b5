/// Any `Environment`, driven with JSON in and JSON out.
///
/// The server knows environments only through this wrapper: it hands in
/// the action object as it arrived, and gets back the wire shapes of
/// PROTOCOL.md. Validation happens here, before the environment sees
/// anything, so every environment rejects bad actions the same way and a
/// rejected action never reaches (or changes) the instance.
public struct AnyEnvironment: Sendable {
    private let base: any Environment

    public init(_ base: some Environment) {
        self.base = base
    }

    /// `{"observation": {...}, "reward": r, "done": d}` of a fresh episode.
    public func reset(seed: Int?, episodeID: String?) async throws -> JSONValue {
        try await Self.reset(base, seed: seed, episodeID: episodeID)
    }

    /// Validates `action` against the environment's action schema, decodes
    /// it and applies it. Throws `EnvironmentError.invalidAction` (with
    /// pydantic-shaped issues, `loc` relative to the action) without calling
    /// the environment when the action does not fit.
    public func step(_ action: JSONValue, context: StepContext) async throws -> JSONValue {
        try await Self.step(base, action: action, context: context)
    }

    /// The episode's state: `episode_id`, `step_count` and env-specific fields.
    public func state() async throws -> JSONValue {
        try await Self.state(base)
    }

    /// Releases the instance's resources; see `Environment.close()`.
    public func close() async {
        await base.close()
    }

    private static func reset<E: Environment>(_ environment: E, seed: Int?, episodeID: String?) async throws -> JSONValue {
        try await environment.reset(seed: seed, episodeID: episodeID).jsonValue()
    }

    private static func step<E: Environment>(_ environment: E, action: JSONValue, context: StepContext) async throws -> JSONValue {
        let typed: E.Action = try decodeAction(action, for: E.self)
        return try await environment.step(typed, context: context).jsonValue()
    }

    private static func state<E: Environment>(_ environment: E) async throws -> JSONValue {
        try JSONValueEncoder().encode(await environment.state())
    }

    static func decodeAction<E: Environment>(_ action: JSONValue, for type: E.Type) throws -> E.Action {
        let outcome = SchemaValidator().validate(action, against: E.Action.jsonSchema)
        guard outcome.issues.isEmpty else { throw EnvironmentError.invalidAction(outcome.issues) }
        do {
            return try E.Action(validated: outcome.value)
        } catch {
            throw EnvironmentError.actionSchemaMismatch(environment: E.descriptor.name, detail: "\(error)")
        }
    }
}
