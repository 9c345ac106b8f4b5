import EnvCore

/// `{"message": str}`: the text to echo back.
public struct EchoAction: EnvironmentAction, Equatable {
    public var message: String
    public var metadata: [String: JSONValue]

    public init(message: String, metadata: [String: JSONValue] = [:]) {
        self.message = message
        self.metadata = metadata
    }

    public static let jsonSchema = JSONSchema.action(
        title: "EchoAction", description: "Action for the Echo environment - just a message to echo.",
        fields: [.init("message", .string(), required: true)])
}

/// The echoed message and its length in Unicode code points.
public struct EchoObservation: EnvironmentObservation, Equatable {
    public var echoedMessage: String
    public var messageLength: Int
    public var metadata: [String: JSONValue]

    public init(echoedMessage: String, messageLength: Int, metadata: [String: JSONValue] = [:]) {
        self.echoedMessage = echoedMessage
        self.messageLength = messageLength
        self.metadata = metadata
    }

    public static let jsonSchema = JSONSchema.observation(
        title: "EchoObservation", description: "Observation from the Echo environment - the echoed message.",
        fields: [
            .init("echoed_message", .string(), required: true),
            .init("message_length", .integer(default: 0)),
        ])

    enum CodingKeys: String, CodingKey {
        case echoedMessage = "echoed_message"
        case messageLength = "message_length"
        case metadata
    }
}
