/// The base models every OpenEnv environment extends (`Action`,
/// `Observation`, `State` in `openenv.core.env_server.types`), so an
/// environment declares only its own fields and its schemas still list the
/// inherited ones in pydantic's order: base fields first.
extension JSONSchema {
    /// `Action`: `metadata` plus `fields`; unknown fields are rejected.
    public static func action(title: String, description: String, fields: [Property]) -> JSONSchema {
        .model(title: title, description: description, properties: [
            Property("metadata", .freeFormObject(description: "Additional metadata for the action"))
        ] + fields)
    }

    /// `Observation`: `done`, `reward`, `metadata` plus `fields`.
    public static func observation(title: String, description: String, fields: [Property]) -> JSONSchema {
        .model(title: title, description: description, properties: [
            Property("done", .boolean(description: "Whether the episode has terminated", default: false)),
            Property("reward", JSONSchema(
                .anyOf([JSONSchema(.boolean), JSONSchema(.integer(minimum: nil)), JSONSchema(.number(exclusiveMinimum: nil)), JSONSchema(.null)]),
                description: "Reward signal from the last action", default: .null)),
            Property("metadata", .freeFormObject(description: "Additional metadata for the observation")),
        ] + fields)
    }

    /// `State`: `episode_id`, `step_count` plus `fields`; open to extra
    /// members, as OpenEnv's `State` is.
    public static func state(
        title: String = "State",
        description: String = "Base class for environment state.\n\nRepresents internal environment state, separate from observations.",
        fields: [Property] = []
    ) -> JSONSchema {
        JSONSchema(
            .object(properties: [
                Property("episode_id", .optional(.string(), description: "Unique identifier for the current episode")),
                Property("step_count", .integer(minimum: 0, description: "Number of steps taken in the current episode", default: 0)),
            ] + fields, additionalProperties: true),
            title: title, description: description)
    }
}
