/// The `code` of a `/ws` error frame, as OpenEnv's `WSErrorCode` names it (same name, same values).
public enum WSErrorCode: String, Sendable, CaseIterable {
    case invalidJSON = "INVALID_JSON"
    case unknownType = "UNKNOWN_TYPE"
    case validationError = "VALIDATION_ERROR"
    case executionError = "EXECUTION_ERROR"
    case capacityReached = "CAPACITY_REACHED"
    case factoryError = "FACTORY_ERROR"
    case sessionError = "SESSION_ERROR"
}
