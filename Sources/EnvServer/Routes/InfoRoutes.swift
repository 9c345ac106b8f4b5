import EnvCore
import Hummingbird

/// `/health`, `/schema`, `/metadata`: what a client asks before it starts.
/// None of them touches a session.
struct InfoRoutes: Sendable {
    let registration: EnvironmentRegistration

    static let healthSchema = JSONSchema(
        .object(properties: [.init("status", .string(description: "Health status of the environment server"), required: true)],
                additionalProperties: false),
        title: "HealthResponse")

    static let schemasSchema = JSONSchema(
        .object(properties: [
            .init("action", .freeFormObject(description: "JSON schema for actions accepted by this environment"), required: true),
            .init("observation", .freeFormObject(description: "JSON schema for observations returned by this environment"), required: true),
            .init("state", .freeFormObject(description: "JSON schema for environment state objects"), required: true),
        ], additionalProperties: false),
        title: "SchemaResponse")

    static let metadataSchema = JSONSchema.model(title: "EnvironmentMetadata", properties: [
        .init("name", .string(description: "Name of the environment"), required: true),
        .init("description", .string(description: "Description of what the environment does"), required: true),
        .init("readme_content", .optional(.string(), description: "Content of the README file for the environment")),
        .init("version", .optional(.string(), description: "Version of the environment")),
        .init("author", .optional(.string(), description: "Author of the environment")),
        .init("documentation_url", .optional(.string(), description: "URL to the environment's documentation")),
    ])

    func routes<Context: RequestContext>() throws -> [Route<Context>] {
        let schemas: JSONValue = [
            "action": registration.actionSchema.jsonValue,
            "observation": registration.observationSchema.jsonValue,
            "state": registration.stateSchema.jsonValue,
        ]
        let metadata = try JSONValueEncoder().encode(registration.descriptor)
        return [
            Route(method: .get, path: "/health", summary: "Health check", tag: "Health", responseSchema: Self.healthSchema) { _, _ in
                .json(["status": "healthy"])
            },
            Route(method: .get, path: "/schema", summary: "Get the action, observation and state JSON schemas", tag: "Schema",
                  responseSchema: Self.schemasSchema) { _, _ in
                .json(schemas)
            },
            Route(method: .get, path: "/metadata", summary: "Get environment metadata", tag: "Environment Info",
                  responseSchema: Self.metadataSchema) { _, _ in
                .json(metadata)
            },
        ]
    }
}
