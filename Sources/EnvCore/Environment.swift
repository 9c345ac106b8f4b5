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
}

/// An observation: env-specific fields plus `metadata`; reward and done
/// travel beside it in `StepResult`, as OpenEnv puts them on the wire.
public protocol EnvironmentObservation: Codable, Sendable {
    static var jsonSchema: JSONSchema { get }
}

/// `episode_id` and `step_count` plus env-specific fields.
public protocol EnvironmentState: Codable, Sendable {
    static var jsonSchema: JSONSchema { get }
}
