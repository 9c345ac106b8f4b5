/// One term of an environment's reward, computed from the action and the
/// observation it produced (OpenEnv's `Transform`). An environment sums its
/// transforms' contributions; a transform may annotate the observation's
/// metadata (e.g. `safety_violation`).
public protocol RewardTransform<Action, Observation>: Sendable {
    associatedtype Action
    associatedtype Observation

    func contribution(for action: Action, observation: inout Observation) -> Double
}
