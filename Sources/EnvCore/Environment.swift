/// One environment instance: one episode at a time, Gymnasium-style.
///
/// An instance belongs to exactly one session (the default HTTP session, an
/// `X-Session-Id` session, or one WebSocket connection). The server never
/// calls an instance concurrently: each session serialises its calls, so an
/// implementation may suspend inside `step` (awaiting a worker) without
/// guarding against a second `step` racing it through actor reentrancy.
///
/// Adding an environment is one conforming actor plus one registration line
/// in the environment registry.
public protocol Environment: Actor {
    associatedtype Action: EnvironmentAction
    associatedtype Observation: EnvironmentObservation
    associatedtype State: EnvironmentState

    /// Name, description and documentation served at `/metadata`.
    static var descriptor: EnvironmentDescriptor { get }

    /// Starts a fresh episode: new episode id, step count 0, nothing kept.
    func reset(seed: Int?, episodeID: String?) async throws -> StepResult<Observation>

    /// Applies one action to the current episode. A `step` before any
    /// `reset` works on a fresh episode, as OpenEnv's environments do.
    func step(_ action: Action, context: StepContext) async throws -> StepResult<Observation>

    /// The episode's current state.
    func state() async -> State

    /// Releases everything the instance holds (worker processes, files).
    /// Called once, when its session ends; the instance is not used again.
    func close() async
}

/// An action as it arrives on the wire. `jsonSchema` is what `/schema`
/// serves and what incoming actions are validated against before decoding,
/// so unknown fields and wrong types are rejected with FastAPI-shaped errors.
public protocol EnvironmentAction: Codable, Sendable {
    static var jsonSchema: JSONSchema { get }

    /// The action from a value that passed `jsonSchema` (defaults filled).
    /// The default decodes it through `Decodable`; an action decoded on
    /// every step may read its members itself (that generic machinery was
    /// a few percent of the server's time per step), and must then agree
    /// with its `Decodable` form.
    init(validated value: JSONValue) throws
}

extension EnvironmentAction {
    public init(validated value: JSONValue) throws {
        self = try JSONValueDecoder().decode(Self.self, from: value)
    }
}

/// An observation: env-specific fields plus `metadata`; reward and done
/// travel beside it in `StepResult`, as OpenEnv puts them on the wire.
public protocol EnvironmentObservation: Codable, Sendable {
    static var jsonSchema: JSONSchema { get }

    /// The observation's wire object. The default encodes it through
    /// `Encodable`; an observation sent on every step may build it itself,
    /// and must then agree with its `Encodable` form.
    func jsonValue() throws -> JSONValue
}

extension EnvironmentObservation {
    public func jsonValue() throws -> JSONValue {
        try JSONValueEncoder().encode(self)
    }
}

/// `episode_id` and `step_count` plus env-specific fields.
public protocol EnvironmentState: Codable, Sendable {
    static var jsonSchema: JSONSchema { get }
}
