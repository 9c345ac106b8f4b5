import EnvCore

/// The Model Context Protocol over HTTP POST (MCP's streamable HTTP
/// transport, answering every request with one `application/json` body):
/// `initialize`, `ping`, `tools/list` and `tools/call` on `MCPTools`.
///
/// Written on this server's own JSON rather than modelcontextprotocol's
/// swift-sdk: the SDK's `Server` is one client's connection (a second
/// `initialize` is refused with "Server is already initialized"), so a
/// shared HTTP endpoint would need a `Server`, a transport and their tasks
/// per request, and the SDK would add Foundation's JSON coding and
/// swift-system to every build for four methods.
struct MCPEndpoint: Sendable {
    /// What one POST is answered with.
    struct Reply: Equatable {
        /// Nil for a notification: HTTP 202 without a body.
        var body: JSONValue?
        /// A body that is not a JSON-RPC message at all is HTTP 400.
        var isMalformed = false
        /// The `Mcp-Session-Id` an `initialize` issues.
        var newSessionID: String?
    }

    static let supportedProtocolVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

    let tools: MCPTools
    let serverVersion: String

    func handle(_ message: JSONValue, mcpSessionID: String?) async -> Reply {
        let request: JSONRPCRequest
        do {
            request = try JSONRPCRequest(message)
        } catch {
            return Reply(
                body: Self.errorResponse(error, id: JSONRPCRequest.replyID(of: message)),
                isMalformed: error.isAboutTheEnvelope)
        }
        guard let id = request.id else { return Reply(body: nil) }
        do {
            switch request.method {
            case "initialize":
                let sessionID = mcpSessionID ?? Self.newSessionID()
                return Reply(body: Self.resultResponse(initialize(request.params), id: id), newSessionID: sessionID)
            case "ping":
                return Reply(body: Self.resultResponse([:], id: id))
            case "tools/list":
                return Reply(body: Self.resultResponse(["tools": .array(tools.definitions)], id: id))
            case "tools/call":
                return Reply(body: Self.resultResponse(try await tools.call(request.params, mcpSessionID: mcpSessionID), id: id))
            default:
                throw JSONRPCError.methodNotFound(request.method)
            }
        } catch let error as JSONRPCError {
            return Reply(body: Self.errorResponse(error, id: id))
        } catch {
            return Reply(body: Self.errorResponse(JSONRPCError(code: -32603, message: "Internal error: \(error)"), id: id))
        }
    }

    /// A body that is not JSON at all.
    static func parseErrorReply(_ detail: String) -> Reply {
        Reply(body: errorResponse(.parseError(detail), id: .null), isMalformed: true)
    }

    /// The client's protocol version when this server speaks it, else the
    /// newest this server speaks (the client then decides whether to go on).
    private func initialize(_ params: [String: JSONValue]) -> JSONValue {
        let requested = params["protocolVersion"]?.stringValue ?? ""
        let version = Self.supportedProtocolVersions.contains(requested) ? requested : Self.supportedProtocolVersions[0]
        return [
            "protocolVersion": .string(version),
            "capabilities": ["tools": ["listChanged": false]],
            "serverInfo": ["name": "codeenv", "version": .string(serverVersion)],
            "instructions": .string(
                "Tools act on a \(tools.registration.name) environment session: step applies an action, reset starts a fresh episode, state reads it. Each MCP session has its own environment; pass `session` to choose another."),
        ]
    }

    private static func newSessionID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    private static func resultResponse(_ result: JSONValue, id: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "result": result]
    }

    private static func errorResponse(_ error: JSONRPCError, id: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "error": error.jsonValue]
    }
}
