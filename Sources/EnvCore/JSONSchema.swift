/// A JSON Schema for one model, as pydantic would write it.
///
/// One value serves two readers: `/schema` and `/openapi.json` render it
/// (`jsonValue`), and `SchemaValidator` walks it to check incoming actions
/// and request bodies, so what the server documents is exactly what it
/// enforces. Only the subset of JSON Schema the protocol's models use is
/// expressible, which keeps the validator complete for every schema that
/// can be built.
public struct JSONSchema: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        /// Any JSON value (pydantic's `Any`): renders as `{}`.
        case any
        case null
        case boolean
        /// An integer, optionally `>= minimum` (pydantic's `ge`).
        case integer(minimum: Int?)
        /// A number, optionally `> exclusiveMinimum` (pydantic's `gt`).
        case number(exclusiveMinimum: Double?)
        /// A string, optionally at most `maxLength` code points.
        case string(maxLength: Int?)
        case array(items: JSONSchema)
        /// An object with declared properties. `additionalProperties` false
        /// rejects unknown members (pydantic's `extra="forbid"`); true lets
        /// any member through, which is how a free-form `dict` is written.
        case object(properties: [Property], additionalProperties: Bool)
        /// One of several shapes; `Optional[T]` is `anyOf: [T, null]`.
        case anyOf([JSONSchema])
    }

    /// One named member of an object schema, in declaration order (the
    /// order pydantic lists them in `properties` and in `required`).
    public struct Property: Sendable, Equatable {
        public var name: String
        public var schema: JSONSchema
        public var isRequired: Bool

        public init(_ name: String, _ schema: JSONSchema, required: Bool = false) {
            self.name = name
            self.schema = schema
            self.isRequired = required
        }
    }

    public var kind: Kind
    public var title: String?
    public var description: String?
    /// The value a missing optional member takes; rendered as `default`.
    public var defaultValue: JSONValue?

    public init(_ kind: Kind, title: String? = nil, description: String? = nil, default defaultValue: JSONValue? = nil) {
        self.kind = kind
        self.title = title
        self.description = description
        self.defaultValue = defaultValue
    }
}

extension JSONSchema {
    public static func string(maxLength: Int? = nil, description: String? = nil, default value: JSONValue? = nil) -> JSONSchema {
        JSONSchema(.string(maxLength: maxLength), description: description, default: value)
    }

    public static func integer(minimum: Int? = nil, description: String? = nil, default value: JSONValue? = nil) -> JSONSchema {
        JSONSchema(.integer(minimum: minimum), description: description, default: value)
    }

    public static func number(exclusiveMinimum: Double? = nil, description: String? = nil, default value: JSONValue? = nil) -> JSONSchema {
        JSONSchema(.number(exclusiveMinimum: exclusiveMinimum), description: description, default: value)
    }

    public static func boolean(description: String? = nil, default value: JSONValue? = nil) -> JSONSchema {
        JSONSchema(.boolean, description: description, default: value)
    }

    /// `Optional[T]`: the wrapped shape or null, defaulting to null.
    public static func optional(_ wrapped: JSONSchema, description: String? = nil) -> JSONSchema {
        var inner = wrapped
        inner.description = nil
        inner.defaultValue = nil
        return JSONSchema(.anyOf([inner, JSONSchema(.null)]), description: description ?? wrapped.description, default: .null)
    }

    /// A free-form JSON object (`Dict[str, Any]`), defaulting to `{}`.
    public static func freeFormObject(description: String? = nil) -> JSONSchema {
        JSONSchema(.object(properties: [], additionalProperties: true), description: description, default: [:])
    }

    /// A model: a closed object (unknown members rejected) with a title.
    public static func model(title: String, description: String? = nil, properties: [Property]) -> JSONSchema {
        JSONSchema(.object(properties: properties, additionalProperties: false), title: title, description: description)
    }

    /// The members of an object schema, or none for any other shape.
    public var properties: [Property] {
        if case .object(let properties, _) = kind { return properties }
        return []
    }

    /// This schema with `extra` members appended to its object properties,
    /// as a subclass adds fields to OpenEnv's base `Action`/`Observation`.
    public func adding(_ extra: [Property]) -> JSONSchema {
        guard case .object(let properties, let additional) = kind else { return self }
        var result = self
        result.kind = .object(properties: properties + extra, additionalProperties: additional)
        return result
    }
}
