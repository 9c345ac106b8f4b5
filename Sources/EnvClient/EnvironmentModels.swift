import EnvCore

/// The coding environment's action: Python source run in the episode's
/// namespace.
public struct CodeAction: ClientAction, Equatable {
    public typealias Observation = CodeObservation
    public var code: String

    public init(code: String) {
        self.code = code
    }

    public var fields: [String: JSONValue] { ["code": .string(code)] }
}

/// What a coding step printed and how it ended; `metadata` carries the
/// server's notes (`last_code`, `safety_violation`, `timed_out`, ...).
public struct CodeObservation: ClientObservation, Equatable {
    public var stdout: String
    public var stderr: String
    public var exitCode: Int
    public var metadata: [String: JSONValue]

    public init(fields: [String: JSONValue]) throws(EnvClientError) {
        stdout = try fields.required("stdout", \.stringValue)
        stderr = try fields.required("stderr", \.stringValue)
        exitCode = try fields.required("exit_code", \.intValue)
        metadata = fields["metadata"]?.objectValue ?? [:]
    }
}

/// The echo environment's action.
public struct EchoAction: ClientAction, Equatable {
    public typealias Observation = EchoObservation
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var fields: [String: JSONValue] { ["message": .string(message)] }
}

/// The echoed message and its length in code points.
public struct EchoObservation: ClientObservation, Equatable {
    public var echoedMessage: String
    public var messageLength: Int
    public var metadata: [String: JSONValue]

    public init(fields: [String: JSONValue]) throws(EnvClientError) {
        echoedMessage = try fields.required("echoed_message", \.stringValue)
        messageLength = try fields.required("message_length", \.intValue)
        metadata = fields["metadata"]?.objectValue ?? [:]
    }
}

/// Any environment's action as plain JSON fields, for environments this
/// library has no types for.
public struct JSONAction: ClientAction, Equatable {
    public typealias Observation = JSONObservation
    public var fields: [String: JSONValue]

    public init(_ fields: [String: JSONValue]) {
        self.fields = fields
    }
}

/// Any environment's observation as plain JSON fields.
public struct JSONObservation: ClientObservation, Equatable {
    public var fields: [String: JSONValue]

    public init(fields: [String: JSONValue]) {
        self.fields = fields
    }

    public subscript(name: String) -> JSONValue? { fields[name] }
}
