import EnvCore

/// One JSON-RPC 2.0 message from an MCP client: a request (with an `id`,
/// answered) or a notification (without one, acknowledged with 202).
struct JSONRPCRequest: Equatable {
    /// The request's id (a string or an integer); nil for a notification.
    var id: JSONValue?
    var method: String
    var params: [String: JSONValue]

    /// The id to answer a message with when it cannot be read as a
    /// request: its own id if it has a usable one, else null.
    static func replyID(of message: JSONValue) -> JSONValue {
        guard let id = message.objectValue?["id"], Self.isValidID(id) else { return .null }
        return id
    }

    init(_ message: JSONValue) throws(JSONRPCError) {
        guard let members = message.objectValue else {
            if message.arrayValue != nil {
                throw .invalidRequest("batches are not supported; send one message per POST")
            }
            throw .invalidRequest("a message is a JSON object")
        }
        guard members["jsonrpc"] == "2.0" else { throw .invalidRequest("\"jsonrpc\" must be \"2.0\"") }
        guard let method = members["method"]?.stringValue else { throw .invalidRequest("\"method\" must be a string") }
        if let id = members["id"] {
            guard Self.isValidID(id) else { throw .invalidRequest("\"id\" must be a string or an integer") }
            self.id = id
        }
        switch members["params"] {
        case nil, .null?:
            params = [:]
        case .object(let object)?:
            params = object
        default:
            throw .invalidParams("\"params\" must be an object")
        }
        self.method = method
    }

    private static func isValidID(_ id: JSONValue) -> Bool {
        switch id {
        case .string, .int: true
        default: false
        }
    }
}
