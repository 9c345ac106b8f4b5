import EnvCore

/// The bodies of `POST /reset` and `POST /step`, as OpenEnv's
/// `ResetRequest` and `StepRequest` declare them. Both accept unknown
/// members (ignored), unlike actions.
enum RequestSchemas {
    static let reset = JSONSchema(
        .object(properties: [
            .init("seed", .optional(.integer(minimum: 0), description: "Random seed for reproducible episodes")),
            .init("episode_id", .optional(.string(maxLength: 255), description: "Custom episode identifier")),
        ], additionalProperties: true),
        title: "ResetRequest", description: "Request model for environment reset.")

    static let step = JSONSchema(
        .object(properties: [
            .init("action", JSONSchema(
                .object(properties: [], additionalProperties: true),
                description: "Action to execute, must conform to environment's action schema"), required: true),
            .init("timeout_s", .optional(.number(exclusiveMinimum: 0), description: "Optional timeout in seconds for action execution")),
            .init("request_id", .optional(.string(maxLength: 255), description: "Optional request identifier for tracking")),
        ], additionalProperties: true),
        title: "StepRequest", description: "Request model for environment step.")

    /// `{"observation", "reward", "done"}`, what reset and step return.
    static let stepResult = JSONSchema(
        .object(properties: [
            .init("observation", .freeFormObject(description: "Observation fields, without reward and done"), required: true),
            .init("reward", .optional(.number(), description: "Reward signal from the action")),
            .init("done", .boolean(description: "Whether the episode has terminated", default: false)),
        ], additionalProperties: false),
        title: "StepResponse", description: "Response model for environment reset and step.")
}
