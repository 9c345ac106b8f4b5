import EnvCore

/// `reset`'s options, from a `POST /reset` body or a `/ws` reset's `data`.
struct ResetOptions: Equatable {
    var seed: Int?
    var episodeID: String?

    /// Validates `value` against OpenEnv's `ResetRequest`; issues' `loc`
    /// starts with `locationPrefix` (`["body"]` over HTTP).
    init(_ value: JSONValue?, locationPrefix: [ValidationIssue.Location]) throws(ServerError) {
        let members = try validated(value ?? [:], against: RequestSchemas.reset, locationPrefix: locationPrefix)
        seed = members["seed"].flatMap(\.intValue)
        episodeID = members["episode_id"].flatMap(\.stringValue)
    }
}

/// `POST /step`'s body: the action, still JSON (the environment validates
/// it against its own schema), and the per-request options.
struct StepCall {
    var action: JSONValue
    var context: StepContext

    init(body: JSONValue?) throws(ServerError) {
        guard let body else {
            throw .invalidRequest([ValidationIssue(type: "missing", location: [.key("body")], message: "Field required", input: .null)])
        }
        let members = try validated(body, against: RequestSchemas.step, locationPrefix: [.key("body")])
        action = members["action"] ?? [:]
        context = StepContext(
            timeout: members["timeout_s"].flatMap(\.doubleValue).map { .seconds($0) },
            requestID: members["request_id"].flatMap(\.stringValue))
    }
}

/// The object's members after validation, or the issues FastAPI would
/// report. A body that is not an object at all gets FastAPI's
/// `model_attributes_type` rather than pydantic's `model_type`.
func validated(
    _ value: JSONValue, against schema: JSONSchema, locationPrefix: [ValidationIssue.Location]
) throws(ServerError) -> [String: JSONValue] {
    guard value.objectValue != nil else {
        throw .invalidRequest([ValidationIssue(
            type: "model_attributes_type", location: locationPrefix,
            message: "Input should be a valid dictionary or object to extract fields from", input: value)])
    }
    let outcome = SchemaValidator().validate(value, against: schema)
    guard outcome.issues.isEmpty, let members = outcome.value.objectValue else {
        throw .invalidRequest(outcome.issues.map { $0.prefixed(by: locationPrefix) })
    }
    return members
}
