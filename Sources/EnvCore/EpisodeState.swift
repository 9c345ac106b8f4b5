/// OpenEnv's base `State`: which episode, and how many steps it has taken.
/// Environments with nothing more to report use it as their `State`.
public struct EpisodeState: EnvironmentState, Equatable {
    /// Nil only before the first episode exists; environments start one
    /// on creation, so a `step` before any `reset` has an id to report.
    public var episodeID: String?
    public var stepCount: Int

    public init(episodeID: String?, stepCount: Int = 0) {
        self.episodeID = episodeID
        self.stepCount = stepCount
    }

    public static var jsonSchema: JSONSchema { .state() }

    enum CodingKeys: String, CodingKey {
        case episodeID = "episode_id"
        case stepCount = "step_count"
    }

    /// `episode_id` is written as null rather than left out, as pydantic does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(episodeID, forKey: .episodeID)
        try container.encode(stepCount, forKey: .stepCount)
    }
}
