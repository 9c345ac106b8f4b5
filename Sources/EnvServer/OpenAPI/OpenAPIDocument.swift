import Foundation
import EnvCore
import Hummingbird

/// The OpenAPI 3.1 document of this server, built from the route table and
/// the environment's schemas, so it documents exactly what is served.
struct OpenAPIDocument: Sendable {
    let registration: EnvironmentRegistration

    func render<Context>(_ routes: [Route<Context>]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in routes {
            var operations = paths[route.path]?.objectValue ?? [:]
            operations[route.method.rawValue.lowercased()] = operation(route)
            paths[route.path] = .object(operations)
        }
        let descriptor = registration.descriptor
        return [
            "openapi": "3.1.0",
            "info": [
                "title": .string("codeenv: \(descriptor.name)"),
                "version": .string(descriptor.version ?? "0"),
                "description": .string(Self.overview(descriptor)),
            ],
            "paths": .object(paths),
            "components": ["schemas": .object(componentSchemas)],
        ]
    }

    private var componentSchemas: [String: JSONValue] {
        [
            "Action": registration.actionSchema.jsonValue,
            "Observation": registration.observationSchema.jsonValue,
            "State": registration.stateSchema.jsonValue,
            "HTTPValidationError": Self.validationErrorSchema.jsonValue,
        ]
    }

    private func operation<Context>(_ route: Route<Context>) -> JSONValue {
        var responses: [String: JSONValue] = [
            "200": [
                "description": "Successful Response",
                "content": .object([route.responseMediaType: ["schema": route.responseSchema?.jsonValue ?? ["type": "string"]]]),
            ]
        ]
        var operation: [String: JSONValue] = [
            "summary": .string(route.summary),
            "tags": [.string(route.tag)],
            "operationId": .string(route.method.rawValue.lowercased() + route.path.replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: ".", with: "_")),
        ]
        if let requestSchema = route.requestSchema {
            operation["requestBody"] = [
                "required": false,
                "content": ["application/json": ["schema": requestSchema.jsonValue]],
            ]
            responses["422"] = [
                "description": "Validation Error",
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/HTTPValidationError"]]],
            ]
            responses["413"] = ["description": "Request body larger than --max-body-bytes"]
        }
        if route.readsSessionHeader {
            operation["parameters"] = [[
                "name": "X-Session-Id", "in": "header", "required": false,
                "description": "Work on this session's own environment instead of the default one; POST /reset creates it.",
                "schema": ["type": "string"],
            ]]
            responses["503"] = ["description": "Server at capacity (see Retry-After)"]
        }
        operation["responses"] = .object(responses)
        return .object(operation)
    }

    private static func overview(_ descriptor: EnvironmentDescriptor) -> String {
        """
        \(descriptor.description)

        OpenEnv's wire protocol over HTTP. The same episodes are available over a WebSocket at `/ws` \
        (one environment per connection): send `{"type": "reset" | "step" | "state" | "close", "data": {...}}`.
        """
    }

    /// FastAPI's `HTTPValidationError`: the 422 body.
    private static let validationErrorSchema = JSONSchema(
        .object(properties: [
            .init("detail", JSONSchema(.array(items: JSONSchema(
                .object(properties: [
                    .init("type", .string(), required: true),
                    .init("loc", JSONSchema(.array(items: JSONSchema(.anyOf([.string(), .integer()])))), required: true),
                    .init("msg", .string(), required: true),
                    .init("input", JSONSchema(.any)),
                    .init("ctx", .freeFormObject()),
                ], additionalProperties: false),
                title: "ValidationError"))))
        ], additionalProperties: false),
        title: "HTTPValidationError")
}
