import EnvCore
import EnvServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /mcp` on the echo environment: the JSON-RPC envelope, the tools
/// and their sessions. (Tests/python/test_mcp.py drives it with the `mcp`
/// package's own client.)
@Suite struct MCPRouteTests {
    @Test func initializeNegotiatesTheVersionAndIssuesASessionID() async throws {
        try await makeServer().test(.router) { client in
            let response = try await client.mcp(#"{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}"#)
            #expect(response.status == .ok)
            let sessionID = try #require(response.headers[.init("Mcp-Session-Id")!])
            #expect(sessionID.count == 32)
            let result = try response.json.objectValue?["result"]
            #expect(result?.objectValue?["protocolVersion"] == "2025-06-18")
            #expect(result?.objectValue?["capabilities"] == ["tools": ["listChanged": false]])
            #expect(try response.json.objectValue?["id"] == 1)
        }
    }

    @Test func unknownProtocolVersionGetsTheNewest() async throws {
        try await makeServer().test(.router) { client in
            let response = try await client.mcp(#"{"jsonrpc": "2.0", "id": "a", "method": "initialize", "params": {"protocolVersion": "1999-01-01"}}"#)
            #expect(try response.json.objectValue?["result"]?.objectValue?["protocolVersion"] == "2025-11-25")
        }
    }

    @Test func toolsListNamesStepResetAndStateWithTheActionSchema() async throws {
        try await makeServer().test(.router) { client in
            let tools = try await client.mcp(#"{"jsonrpc": "2.0", "id": 2, "method": "tools/list"}"#).json
                .objectValue?["result"]?.objectValue?["tools"]?.arrayValue ?? []
            #expect(tools.compactMap { $0.objectValue?["name"]?.stringValue } == ["step", "reset", "state"])
            let stepSchema = tools.first?.objectValue?["inputSchema"]?.objectValue
            #expect(stepSchema?["type"] == "object")
            #expect(stepSchema?["properties"]?.objectValue?.keys.sorted() == ["message", "metadata", "session"])
        }
    }

    @Test func toolsCallStepsTheSessionOfTheMcpSessionID() async throws {
        try await makeServer().test(.router) { client in
            let headers: HTTPFields = [.init("Mcp-Session-Id")!: "mine"]
            let step = #"{"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "step", "arguments": {"message": "hi"}}}"#
            _ = try await client.mcp(step, headers: headers)
            let result = try await client.mcp(step, headers: headers).json.objectValue?["result"]?.objectValue
            #expect(result?["isError"] == false)
            let observation = result?["structuredContent"]?.objectValue?["observation"]?.objectValue
            #expect(observation?["echoed_message"] == "hi")
            #expect(observation?["metadata"]?.objectValue?["step_count"] == 2)
            let state = try await client.send(.get, "/state", headers: [.init("X-Session-Id")!: "mine"]).json
            #expect(state.objectValue?["step_count"] == 2)
        }
    }

    @Test func sessionArgumentChoosesTheSession() async throws {
        try await makeServer().test(.router) { client in
            _ = try await client.mcp(#"{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "reset", "arguments": {"session": "s1", "episode_id": "e1"}}}"#)
            let state = try await client.mcp(#"{"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "state", "arguments": {"session": "s1"}}}"#).json
            #expect(state.objectValue?["result"]?.objectValue?["structuredContent"]?.objectValue?["episode_id"] == "e1")
        }
    }

    @Test func anInvalidActionIsAToolErrorThatSaysWhy() async throws {
        try await makeServer().test(.router) { client in
            let result = try await client.mcp(#"{"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "step", "arguments": {"message": "x", "bogus": 1}}}"#).json
                .objectValue?["result"]?.objectValue
            #expect(result?["isError"] == true)
            #expect(result?["content"] == [["type": "text", "text": "Invalid message"]])
            let errors = result?["structuredContent"]?.objectValue?["errors"]?.arrayValue
            #expect(errors?.first?.objectValue?["type"] == "extra_forbidden")
        }
    }

    @Test func notificationsAreAcceptedWithoutABody() async throws {
        try await makeServer().test(.router) { client in
            let response = try await client.mcp(#"{"jsonrpc": "2.0", "method": "notifications/initialized"}"#)
            #expect(response.status == .accepted)
            #expect(response.body.readableBytes == 0)
        }
    }

    @Test(arguments: [
        ("{", -32700, HTTPResponse.Status.badRequest, JSONValue.null),
        ("", -32700, .badRequest, .null),
        (#"[{"jsonrpc": "2.0", "id": 1, "method": "ping"}]"#, -32600, .badRequest, .null),
        (#"{"jsonrpc": "1.0", "id": 7, "method": "ping"}"#, -32600, .badRequest, 7),
        (#"{"jsonrpc": "2.0", "id": 8, "method": "resources/list"}"#, -32601, .ok, 8),
        (#"{"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {"name": "nope"}}"#, -32602, .ok, 9),
        (#"{"jsonrpc": "2.0", "id": 10, "method": "tools/call", "params": {"name": "step", "arguments": [1]}}"#, -32602, .ok, 10),
        (#"{"jsonrpc": "2.0", "id": 11, "method": "tools/list", "params": [1]}"#, -32602, .ok, 11),
    ])
    func malformedMessagesGetJSONRPCErrors(body: String, code: Int, status: HTTPResponse.Status, id: JSONValue) async throws {
        try await makeServer().test(.router) { client in
            let response = try await client.mcp(body)
            #expect(response.status == status)
            let reply = try response.json.objectValue
            #expect(reply?["jsonrpc"] == "2.0")
            #expect(reply?["id"] == id)
            #expect(reply?["error"]?.objectValue?["code"] == .int(code))
        }
    }

    @Test func deleteEndsTheMcpSession() async throws {
        try await makeServer().test(.router) { client in
            let headers: HTTPFields = [.init("Mcp-Session-Id")!: "gone"]
            _ = try await client.mcp(#"{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "reset"}}"#, headers: headers)
            #expect(try await client.send(.delete, "/mcp", headers: headers).status == .noContent)
            #expect(try await client.send(.get, "/state", headers: [.init("X-Session-Id")!: "gone"]).status == .notFound)
        }
    }
}

extension TestClientProtocol {
    func mcp(_ body: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await send(.post, "/mcp", body: body.isEmpty ? nil : body, headers: headers)
    }
}
