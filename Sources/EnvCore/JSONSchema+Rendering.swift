/// Rendering a schema as the JSON document pydantic's `model_json_schema()`
/// produces, so OpenEnv tools that read `/schema` (the web UI, form
/// builders, MCP tool listings) see the same shapes as from a Python server.
extension JSONSchema {
    public var jsonValue: JSONValue {
        var members = kindMembers
        if let title { members["title"] = .string(title) }
        if let description { members["description"] = .string(description) }
        if let defaultValue { members["default"] = defaultValue }
        return .object(members)
    }

    private var kindMembers: [String: JSONValue] {
        switch kind {
        case .any:
            return [:]
        case .null:
            return ["type": "null"]
        case .boolean:
            return ["type": "boolean"]
        case .integer(let minimum):
            var members: [String: JSONValue] = ["type": "integer"]
            if let minimum { members["minimum"] = .int(minimum) }
            return members
        case .number(let exclusiveMinimum):
            var members: [String: JSONValue] = ["type": "number"]
            if let exclusiveMinimum { members["exclusiveMinimum"] = .double(exclusiveMinimum) }
            return members
        case .string(let maxLength):
            var members: [String: JSONValue] = ["type": "string"]
            if let maxLength { members["maxLength"] = .int(maxLength) }
            return members
        case .array(let items):
            return ["type": "array", "items": items.jsonValue]
        case .object(let properties, let additionalProperties):
            var members: [String: JSONValue] = ["type": "object", "additionalProperties": .bool(additionalProperties)]
            guard !properties.isEmpty else { return members }
            var rendered: [String: JSONValue] = [:]
            for property in properties {
                var schema = property.schema
                schema.title = schema.title ?? Self.title(forField: property.name)
                rendered[property.name] = schema.jsonValue
            }
            members["properties"] = .object(rendered)
            let required = properties.filter(\.isRequired).map { JSONValue.string($0.name) }
            if !required.isEmpty { members["required"] = .array(required) }
            return members
        case .anyOf(let options):
            return ["anyOf": .array(options.map(\.jsonValue))]
        }
    }

    /// pydantic's default field title: `exit_code` → `Exit Code`.
    static func title(forField name: String) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " ")
    }
}

extension JSONSchema: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}
