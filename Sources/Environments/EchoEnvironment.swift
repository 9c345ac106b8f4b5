import EnvCore
import Foundation

/// The protocol's smoke test: every step echoes its message back with a
/// reward of 0.1 per Unicode code point, as OpenEnv's echo environment does.
/// It touches no worker, so it shows the server and protocol alone.
public actor EchoEnvironment: Environment {
    public static let descriptor = EnvironmentDescriptor(
        name: "EchoEnvironment",
        description: "Echoes each message back; the reward is 0.1 per Unicode code point of the message.",
        version: "1.0.0")

    /// The reset observation's message, as OpenEnv words it.
    public static let readyMessage = "Echo environment ready!"

    private var episode: EpisodeState

    /// A new instance already has an episode, so a `step` before any
    /// `reset` works, as in OpenEnv.
    public init() {
        episode = EpisodeState(episodeID: Self.newEpisodeID())
    }

    public func reset(seed: Int?, episodeID: String?) -> StepResult<EchoObservation> {
        episode = EpisodeState(episodeID: episodeID ?? Self.newEpisodeID())
        return StepResult(observation: EchoObservation(echoedMessage: Self.readyMessage, messageLength: 0), reward: 0.0)
    }

    public func step(_ action: EchoAction, context: StepContext) -> StepResult<EchoObservation> {
        episode.stepCount += 1
        let length = action.message.unicodeScalars.count
        let observation = EchoObservation(
            echoedMessage: action.message, messageLength: length,
            metadata: ["original_message": .string(action.message), "step_count": .int(episode.stepCount)])
        return StepResult(observation: observation, reward: Double(length) * 0.1)
    }

    public func state() -> EpisodeState {
        episode
    }

    public func close() {}

    /// Lower-case, as Python's `str(uuid4())` writes it.
    private static func newEpisodeID() -> String {
        UUID().uuidString.lowercased()
    }
}
