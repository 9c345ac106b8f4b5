/// One reason a JSON value does not fit a schema, in pydantic v2's words.
///
/// OpenEnv clients print FastAPI's `{"detail": [...]}` bodies and the
/// `errors` list of a WebSocket `VALIDATION_ERROR` as they come, so `type`,
/// `msg` and `ctx` are pydantic's own (`extra_forbidden`, "Extra inputs are
/// not permitted", ...), and `loc` is the path from the validated root.
public struct ValidationIssue: Sendable, Equatable, Error {
    public enum Location: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var type: String
    public var location: [Location]
    public var message: String
    /// The offending value (for `missing`, the object the member is missing from).
    public var input: JSONValue
    /// The bound that was violated, e.g. `{"ge": 0}`; nil when there is none.
    public var context: [String: JSONValue]?

    public init(type: String, location: [Location], message: String, input: JSONValue, context: [String: JSONValue]? = nil) {
        self.type = type
        self.location = location
        self.message = message
        self.input = input
        self.context = context
    }

    /// The same issue seen from an enclosing value: `prefix` is prepended
    /// to its location (e.g. `["body"]` for a request body).
    public func prefixed(by prefix: [Location]) -> ValidationIssue {
        var issue = self
        issue.location = prefix + location
        return issue
    }

    /// `{"type", "loc", "msg", "input"[, "ctx"]}`, one entry of `detail`.
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "type": .string(type),
            "loc": .array(location.map { location in
                switch location {
                case .key(let key): .string(key)
                case .index(let index): .int(index)
                }
            }),
            "msg": .string(message),
            "input": input,
        ]
        if let context { members["ctx"] = .object(context) }
        return .object(members)
    }
}

extension ValidationIssue {
    static func missing(at location: [Location], in object: JSONValue) -> ValidationIssue {
        ValidationIssue(type: "missing", location: location, message: "Field required", input: object)
    }

    static func extraForbidden(at location: [Location], input: JSONValue) -> ValidationIssue {
        ValidationIssue(type: "extra_forbidden", location: location, message: "Extra inputs are not permitted", input: input)
    }
}
