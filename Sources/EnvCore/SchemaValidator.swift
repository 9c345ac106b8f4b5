/// Checks a JSON value against a `JSONSchema` the way pydantic v2 checks
/// input in its default (lax) mode, and returns the value as pydantic would
/// hand it to the model: `"3"` for an integer becomes `3`, `2.0` becomes
/// `2`, a missing optional member takes its default.
///
/// All issues are collected, not just the first, in pydantic's order:
/// declared members in declaration order, then unknown members. Nothing is
/// changed when there is an issue: the caller gets the issues and drops the
/// value, which is what keeps a rejected request from touching a session.
public struct SchemaValidator: Sendable {
    public struct Outcome: Sendable, Equatable {
        /// The coerced value; meaningful only when `issues` is empty.
        public var value: JSONValue
        public var issues: [ValidationIssue]
    }

    public init() {}

    public func validate(_ value: JSONValue, against schema: JSONSchema) -> Outcome {
        validate(value, schema, at: [], lax: true)
    }

    private func validate(_ value: JSONValue, _ schema: JSONSchema, at path: [ValidationIssue.Location], lax: Bool) -> Outcome {
        func accept(_ value: JSONValue) -> Outcome { Outcome(value: value, issues: []) }
        func reject(_ type: String, _ message: String, context: [String: JSONValue]? = nil) -> Outcome {
            Outcome(value: value, issues: [ValidationIssue(type: type, location: path, message: message, input: value, context: context)])
        }

        switch (schema.kind, value) {
        case (.any, _):
            return accept(value)
        case (.null, .null):
            return accept(.null)
        case (.null, _):
            return reject("none_required", "Input should be None")
        case (.boolean, _):
            guard let bool = Coercion.bool(value, lax: lax) else {
                return value.isNumberOrString && lax
                    ? reject("bool_parsing", "Input should be a valid boolean, unable to interpret input")
                    : reject("bool_type", "Input should be a valid boolean")
            }
            return accept(.bool(bool))
        case (.integer(let minimum), _):
            let integer: Int
            switch Coercion.integer(value, lax: lax) {
            case .success(let coerced): integer = coerced
            case .failure(let failure): return reject(failure.type, failure.message)
            }
            if let minimum, integer < minimum {
                return reject("greater_than_equal", "Input should be greater than or equal to \(minimum)", context: ["ge": .int(minimum)])
            }
            return accept(.int(integer))
        case (.number(let exclusiveMinimum), _):
            let number: Double
            switch Coercion.number(value, lax: lax) {
            case .success(let coerced): number = coerced
            case .failure(let failure): return reject(failure.type, failure.message)
            }
            if let exclusiveMinimum, !(number > exclusiveMinimum) {
                return reject("greater_than", "Input should be greater than \(Coercion.display(exclusiveMinimum))", context: ["gt": .double(exclusiveMinimum)])
            }
            return accept(.double(number))
        case (.string(let maxLength), .string(let string)):
            if let maxLength, string.unicodeScalars.count > maxLength {
                let unit = maxLength == 1 ? "character" : "characters"
                return reject("string_too_long", "String should have at most \(maxLength) \(unit)", context: ["max_length": .int(maxLength)])
            }
            return accept(value)
        case (.string, _):
            return reject("string_type", "Input should be a valid string")
        case (.array(let items), .array(let elements)):
            var result: [JSONValue] = []
            var issues: [ValidationIssue] = []
            for (position, element) in elements.enumerated() {
                let outcome = validate(element, items, at: path + [.index(position)], lax: lax)
                result.append(outcome.value)
                issues += outcome.issues
            }
            return Outcome(value: .array(result), issues: issues)
        case (.array, _):
            return reject("list_type", "Input should be a valid list")
        case (.object(let properties, let additionalProperties), .object(let members)):
            return validateObject(members, properties: properties, additionalProperties: additionalProperties, at: path, lax: lax)
        case (.object, _):
            guard let title = schema.title else { return reject("dict_type", "Input should be a valid dictionary") }
            return reject("model_type", "Input should be a valid dictionary or instance of \(title)", context: ["class_name": .string(title)])
        case (.anyOf(let options), _):
            return validateUnion(value, options: options, at: path, lax: lax)
        }
    }

    private func validateObject(
        _ members: [String: JSONValue], properties: [JSONSchema.Property], additionalProperties: Bool,
        at path: [ValidationIssue.Location], lax: Bool
    ) -> Outcome {
        var result = members
        var issues: [ValidationIssue] = []
        for property in properties {
            guard let member = members[property.name] else {
                if property.isRequired {
                    issues.append(.missing(at: path + [.key(property.name)], in: .object(members)))
                } else if let defaultValue = property.schema.defaultValue {
                    result[property.name] = defaultValue
                }
                continue
            }
            let outcome = validate(member, property.schema, at: path + [.key(property.name)], lax: lax)
            result[property.name] = outcome.value
            issues += outcome.issues
        }
        if !additionalProperties {
            let declared = Set(properties.map(\.name))
            for key in members.keys.sorted() where !declared.contains(key) {
                issues.append(.extraForbidden(at: path + [.key(key)], input: members[key]!))
            }
        }
        return Outcome(value: .object(result), issues: issues)
    }

    /// `Optional[T]` reports T's issues alone, as pydantic does for a
    /// nullable field. A wider union first looks for an option the value
    /// fits without conversion (pydantic's "smart" mode), then converts;
    /// failing all, each option's issues are reported under its tag.
    private func validateUnion(_ value: JSONValue, options: [JSONSchema], at path: [ValidationIssue.Location], lax: Bool) -> Outcome {
        let nonNull = options.filter { $0.kind != .null }
        if nonNull.count == options.count - 1, nonNull.count == 1 {
            return value == .null ? Outcome(value: .null, issues: []) : validate(value, nonNull[0], at: path, lax: lax)
        }
        let passes = lax ? [false, true] : [false]
        for strictness in passes {
            for option in options {
                let outcome = validate(value, option, at: path, lax: strictness)
                if outcome.issues.isEmpty { return outcome }
            }
        }
        var issues: [ValidationIssue] = []
        for option in options {
            let tagged = path + [.key(option.unionTag)]
            issues += validate(value, option, at: tagged, lax: lax).issues
        }
        return Outcome(value: value, issues: issues)
    }
}

extension JSONSchema {
    /// The name pydantic puts in `loc` for a union member: `int`, `str`, ...
    var unionTag: String {
        switch kind {
        case .any: "any"
        case .null: "none"
        case .boolean: "bool"
        case .integer: "int"
        case .number: "float"
        case .string: "str"
        case .array: "list[\(Self.itemsTag(kind))]"
        case .object: title ?? "dict[str,any]"
        case .anyOf: "union"
        }
    }

    private static func itemsTag(_ kind: Kind) -> String {
        if case .array(let items) = kind { return items.unionTag }
        return "any"
    }
}

extension JSONValue {
    var isNumberOrString: Bool {
        switch self {
        case .int, .double, .string: true
        default: false
        }
    }
}
