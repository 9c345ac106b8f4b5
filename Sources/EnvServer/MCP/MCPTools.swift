import EnvCore

/// The environment as MCP tools: `reset`, `step` and `state`, each on a
/// session chosen by its `session` argument, else by the MCP session id,
/// else the server's default session.
///
/// Whatever the environment or the session layer refuses (an invalid
/// action, a full server) is a tool result with `isError`, as MCP asks,
/// so the model calling the tool reads the reason; only a call that names
/// no known tool, or sends arguments that are not an object, is a
/// JSON-RPC error.
struct MCPTools: Sendable {
    let registration: EnvironmentRegistration
    let sessions: SessionManager

    static let sessionProperty: JSONValue = [
        "type": "string",
        "description": "The session (episode) to work on; one is created by the first call that names it. Default: this MCP connection's own session.",
    ]

    var definitions: [JSONValue] {
        let name = registration.name
        return [
            Self.tool(
                "step",
                description: "Apply one action to the \(name) environment and return the observation, reward and done. \(registration.descriptor.description)",
                schema: registration.actionSchema.jsonValue),
            Self.tool(
                "reset",
                description: "Start a fresh episode of the \(name) environment in the session (for coding: a new, empty Python namespace).",
                schema: RequestSchemas.reset.jsonValue),
            Self.tool(
                "state",
                description: "The session's episode state: episode_id, step_count and the \(name) environment's own fields.",
                schema: ["type": "object", "properties": [:]]),
        ]
    }

    /// Runs `tools/call`: `{"name", "arguments"}`.
    func call(_ params: [String: JSONValue], mcpSessionID: String?) async throws(JSONRPCError) -> JSONValue {
        guard let name = params["name"]?.stringValue else { throw .invalidParams("\"name\" must be the tool's name") }
        var arguments: [String: JSONValue]
        switch params["arguments"] {
        case nil, .null?: arguments = [:]
        case .object(let object)?: arguments = object
        default: throw .invalidParams("\"arguments\" must be an object")
        }
        let sessionID = arguments.removeValue(forKey: "session")?.stringValue ?? mcpSessionID
        let fields = JSONValue.object(arguments)
        let operation: @Sendable (Session) async throws -> JSONValue
        switch name {
        case "step":
            operation = { try await $0.step(fields, context: StepContext()) }
        case "reset":
            operation = { session in
                let options = try ResetOptions(fields, locationPrefix: [])
                return try await session.reset(seed: options.seed, episodeID: options.episodeID)
            }
        case "state":
            operation = { try await $0.state() }
        default:
            throw .invalidParams("unknown tool \(name); tools/list lists step, reset and state")
        }
        do {
            let session = try await sessions.httpSession(id: sessionID, create: true)
            return Self.result(try await operation(session), isError: false, text: nil)
        } catch {
            let refusal = ServerError(error)
            return Self.result(refusal.webSocketData, isError: true, text: refusal.message)
        }
    }

    /// A tool's input schema is its JSON schema with `session` added.
    private static func tool(_ name: String, description: String, schema: JSONValue) -> JSONValue {
        var schema = schema.objectValue ?? [:]
        var properties = schema["properties"]?.objectValue ?? [:]
        properties["session"] = sessionProperty
        schema["properties"] = .object(properties)
        schema["type"] = "object"
        return ["name": .string(name), "description": .string(description), "inputSchema": .object(schema)]
    }

    /// A `CallToolResult`: the JSON as text (what every host shows) and as
    /// `structuredContent` (what programs read).
    private static func result(_ value: JSONValue, isError: Bool, text: String?) -> JSONValue {
        let shown = text ?? String(decoding: value.jsonBytes, as: UTF8.self)
        return [
            "content": [["type": "text", "text": .string(shown)]],
            "structuredContent": value,
            "isError": .bool(isError),
        ]
    }
}
