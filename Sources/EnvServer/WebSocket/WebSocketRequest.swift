import EnvCore

/// One client → server message on `/ws`, decoded and checked. Decoding
/// fails with the error OpenEnv's server would send for the same text.
enum WebSocketRequest: Equatable {
    case reset(ResetOptions)
    /// The action object, still JSON: the environment validates it.
    case step(JSONValue)
    case state
    case close

    init(text: String) throws(ServerError) {
        let message: JSONValue
        do {
            message = try JSONParser.parse(text)
        } catch {
            throw .invalidJSON(error)
        }
        guard let members = message.objectValue else {
            throw .malformedMessage("a message must be a JSON object, got \(message.kindName)")
        }
        switch members["type"] ?? "" {
        case "reset":
            self = .reset(try ResetOptions(try Self.data(of: message, required: false), locationPrefix: []))
        case "step":
            self = .step(try Self.data(of: message, required: true) ?? [:])
        case "state":
            self = .state
        case "close":
            self = .close
        case .string(let other):
            throw .unknownMessageType(other)
        case let other:
            throw .unknownMessageType(other.jsonText)
        }
    }

    /// The `data` member, which must be an object when present, as
    /// OpenEnv's message models declare it.
    private static func data(of message: JSONValue, required: Bool) throws(ServerError) -> JSONValue? {
        switch message.objectValue?["data"] {
        case nil where required:
            throw .invalidRequest([ValidationIssue(type: "missing", location: [.key("data")], message: "Field required", input: message)])
        case nil:
            return nil
        case .some(let data) where data.objectValue == nil:
            throw .invalidRequest([ValidationIssue(
                type: "dict_type", location: [.key("data")], message: "Input should be a valid dictionary", input: data)])
        case .some(let data):
            return data
        }
    }
}
