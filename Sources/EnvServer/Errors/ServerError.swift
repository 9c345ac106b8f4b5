import EnvCore
import Environments
import HTTPTypes

/// Every way a request can fail, and the one place each failure is mapped
/// to what a client sees: an HTTP status with a FastAPI-shaped body, and a
/// `/ws` error code with OpenEnv's wording. Handlers throw; the error
/// middleware and the WebSocket session render.
public enum ServerError: Error, Sendable, Equatable {
    /// The body or message is not JSON.
    case invalidJSON(JSONParseError)
    /// The request or action does not fit its schema; nothing was changed.
    case invalidRequest([ValidationIssue])
    /// The request body is larger than `--max-body-bytes`.
    case bodyTooLarge(limit: Int)
    case notFound
    case methodNotAllowed(allowed: [HTTPRequest.Method])
    /// Every session slot is taken (`--max-sessions`).
    case capacityReached(active: Int, maximum: Int)
    /// Every `/execute` slot and queue place is taken.
    case executionSaturated(running: Int, queued: Int)
    /// The environment's factory failed to create an instance.
    case factoryFailed(environment: String, reason: String)
    /// A request without `X-Session-Id` while the default session is off.
    case defaultSessionDisabled
    /// `X-Session-Id` names no live session (never reset, or reaped).
    case sessionNotFound(String)
    /// A `/ws` frame that is not a JSON object (an array, a binary frame).
    case malformedMessage(String)
    /// A `/ws` message whose `type` is none of reset, step, state, close.
    case unknownMessageType(String)
    /// The environment failed while handling a valid request.
    case executionFailed(String)

    /// Wraps any error thrown below the handlers; unknown errors are the
    /// environment's own failures.
    public init(_ error: any Error) {
        switch error {
        case let error as ServerError: self = error
        case let error as JSONParseError: self = .invalidJSON(error)
        case let error as OneShotError:
            switch error {
            case .saturated(let running, let queued): self = .executionSaturated(running: running, queued: queued)
            case .failed(let failure): self = .executionFailed(failure.description)
            }
        case let error as EnvironmentError:
            switch error {
            case .invalidAction(let issues): self = .invalidRequest(issues)
            case .factoryFailed(let environment, let reason): self = .factoryFailed(environment: environment, reason: reason)
            case .actionSchemaMismatch, .unknownEnvironment: self = .executionFailed(error.message)
            }
        default: self = .executionFailed(String(describing: error))
        }
    }

    // MARK: HTTP

    public var status: HTTPResponse.Status {
        switch self {
        case .invalidJSON, .invalidRequest: .unprocessableContent
        case .bodyTooLarge: .contentTooLarge
        case .notFound, .sessionNotFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .capacityReached, .executionSaturated: .serviceUnavailable
        case .defaultSessionDisabled, .malformedMessage, .unknownMessageType: .badRequest
        case .factoryFailed, .executionFailed: .internalServerError
        }
    }

    /// Seconds a client should wait before retrying when at capacity.
    static let retryAfterSeconds = 1

    public var headers: HTTPFields {
        switch self {
        case .capacityReached, .executionSaturated: [.retryAfter: String(Self.retryAfterSeconds)]
        case .methodNotAllowed(let allowed): [.allow: allowed.map(\.rawValue).joined(separator: ", ")]
        default: [:]
        }
    }

    /// FastAPI's body: `{"detail": [issues]}` for validation, `{"detail": "message"}` otherwise.
    public var httpBody: JSONValue {
        switch self {
        case .invalidJSON(let error):
            let issue = ValidationIssue(
                type: "json_invalid", location: [.key("body"), .index(error.offset)], message: "JSON decode error",
                input: [:], context: ["error": .string(error.reason)])
            return ["detail": [issue.jsonValue]]
        case .invalidRequest(let issues):
            return ["detail": .array(issues.map(\.jsonValue))]
        default:
            return ["detail": .string(message)]
        }
    }

    // MARK: WebSocket

    public var webSocketCode: WSErrorCode {
        switch self {
        case .invalidJSON: .invalidJSON
        case .invalidRequest: .validationError
        case .capacityReached, .executionSaturated: .capacityReached
        case .factoryFailed: .factoryError
        case .unknownMessageType: .unknownType
        case .malformedMessage, .sessionNotFound, .defaultSessionDisabled, .notFound, .methodNotAllowed: .sessionError
        case .bodyTooLarge, .executionFailed: .executionError
        }
    }

    /// Whether the connection ends after this error is sent. Only a refused
    /// session and a broken message stream do; everything else leaves the
    /// episode usable.
    public var closesWebSocket: Bool {
        switch webSocketCode {
        case .capacityReached, .factoryError, .sessionError: true
        default: false
        }
    }

    /// The `data` of an error frame: `message`, `code` and the extras
    /// OpenEnv adds for the code (`errors`, `active_sessions`, ...).
    public var webSocketData: JSONValue {
        var data: [String: JSONValue] = ["message": .string(message), "code": .string(webSocketCode.rawValue)]
        switch self {
        case .invalidRequest(let issues):
            data["errors"] = .array(issues.map(\.jsonValue))
        case .capacityReached(let active, let maximum):
            data["active_sessions"] = .int(active)
            data["max_sessions"] = .int(maximum)
        case .factoryFailed(let environment, _):
            data["factory_name"] = .string(environment)
        default:
            break
        }
        return .object(data)
    }

    // MARK: Wording

    public var message: String {
        switch self {
        case .invalidJSON(let error): "Invalid JSON: \(error)"
        case .invalidRequest: "Invalid message"
        case .bodyTooLarge(let limit): "Request body is larger than the limit of \(limit) bytes (see --max-body-bytes)"
        case .notFound: "Not Found"
        case .methodNotAllowed: "Method Not Allowed"
        case .capacityReached(let active, let maximum):
            "Server at capacity: \(active)/\(maximum) sessions active. Cannot accept new connections."
        case .executionSaturated(let running, let queued): OneShotError.saturated(running: running, queued: queued).description
        case .factoryFailed(let environment, let reason):
            EnvironmentError.factoryFailed(environment: environment, reason: reason).message
        case .defaultSessionDisabled:
            "This server has no default session; send an X-Session-Id header and start the session with POST /reset"
        case .sessionNotFound(let id):
            "Session '\(id)' not found: start it with POST /reset and the same X-Session-Id header (idle sessions are reaped)"
        case .malformedMessage(let detail): "Invalid message: \(detail)"
        case .unknownMessageType(let type): "Unknown message type: \(type)"
        case .executionFailed(let detail): detail
        }
    }
}
