/// What can go wrong between a decoded request and an environment, as
/// typed values. The server maps each case to an HTTP status and a
/// WebSocket error code in one place (`ServerError`); the messages here are
/// the ones a client sees, so each says what to change.
public enum EnvironmentError: Error, Sendable, Equatable {
    /// The action does not fit the environment's action schema. The
    /// session is untouched.
    case invalidAction([ValidationIssue])
    /// The action passed its schema but the environment's `Action` type
    /// could not decode it: the schema and the type disagree, a bug in the
    /// environment, not in the request.
    case actionSchemaMismatch(environment: String, detail: String)
    /// The environment's factory threw while creating an instance.
    case factoryFailed(environment: String, reason: String)
    /// `codeenv serve --env NAME` named an environment this build lacks.
    case unknownEnvironment(name: String, available: [String])

    public var message: String {
        switch self {
        case .invalidAction:
            return "Invalid message"
        case .actionSchemaMismatch(let environment, let detail):
            return "Environment '\(environment)' could not decode an action its schema accepted: \(detail)"
        case .factoryFailed(let environment, let reason):
            return "Environment factory '\(environment)' failed to create instance: \(reason)"
        case .unknownEnvironment(let name, let available):
            return "Environment '\(name)' is not available in this build; available: \(available.joined(separator: ", "))"
        }
    }
}
