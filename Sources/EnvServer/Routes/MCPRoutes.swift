import EnvCore
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    /// The session an MCP client's requests belong to, issued by `initialize`.
    static let mcpSessionID = HTTPField.Name("Mcp-Session-Id")!
}

/// `POST /mcp` (JSON-RPC 2.0, see `MCPEndpoint`) and `DELETE /mcp`, with
/// which an MCP client ends its session and frees its environment.
struct MCPRoutes: Sendable {
    let endpoint: MCPEndpoint
    let sessions: SessionManager
    let maxBodyBytes: Int

    init(registration: EnvironmentRegistration, sessions: SessionManager, maxBodyBytes: Int) {
        endpoint = MCPEndpoint(
            tools: MCPTools(registration: registration, sessions: sessions),
            serverVersion: registration.descriptor.version ?? "unknown")
        self.sessions = sessions
        self.maxBodyBytes = maxBodyBytes
    }

    func routes<Context: RequestContext>() -> [Route<Context>] {
        [
            Route(method: .post, path: "/mcp", summary: "Model Context Protocol: initialize, tools/list, tools/call (JSON-RPC 2.0)",
                  tag: "MCP", requestSchema: .freeFormObject(description: "A JSON-RPC 2.0 request or notification"),
                  responseSchema: .freeFormObject(description: "A JSON-RPC 2.0 response")) { request, _ in
                try await post(request)
            },
            Route(method: .delete, path: "/mcp", summary: "End the MCP session named by Mcp-Session-Id", tag: "MCP") { request, _ in
                if let id = request.headers[.mcpSessionID] { await sessions.close(.named(id)) }
                return Response(status: .noContent)
            },
        ]
    }

    private func post(_ request: Request) async throws -> Response {
        let reply: MCPEndpoint.Reply
        do {
            if let message = try await request.jsonBody(limit: maxBodyBytes) {
                reply = await endpoint.handle(message, mcpSessionID: request.headers[.mcpSessionID])
            } else {
                reply = MCPEndpoint.parseErrorReply("the body is empty")
            }
        } catch .invalidJSON(let error) {
            reply = MCPEndpoint.parseErrorReply(error.description)
        }
        guard let body = reply.body else { return Response(status: .accepted) }
        var headers: HTTPFields = [:]
        if let sessionID = reply.newSessionID { headers[.mcpSessionID] = sessionID }
        return .json(body, status: reply.isMalformed ? .badRequest : .ok, headers: headers)
    }
}
