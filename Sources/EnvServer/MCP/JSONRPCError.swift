import EnvCore

/// A JSON-RPC 2.0 error object: one of the spec's codes and a message
/// that says what to change.
struct JSONRPCError: Error, Equatable {
    var code: Int
    var message: String

    static func parseError(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32700, message: "Parse error: \(detail)")
    }

    static func invalidRequest(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32600, message: "Invalid request: \(detail)")
    }

    static func methodNotFound(_ method: String) -> JSONRPCError {
        JSONRPCError(
            code: -32601,
            message: "Method not found: \(method) (this server answers initialize, ping, tools/list and tools/call)")
    }

    static func invalidParams(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: -32602, message: "Invalid params: \(detail)")
    }

    /// A parse error or an invalid request: the body is not a usable
    /// JSON-RPC message (HTTP 400), unlike an error about what it asks.
    var isAboutTheEnvelope: Bool {
        code == -32700 || code == -32600
    }

    var jsonValue: JSONValue {
        ["code": .int(code), "message": .string(message)]
    }
}
