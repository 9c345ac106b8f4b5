import EnvCore
import EnvServer
import Environments
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct HTTPRouteTests {
    let ready: JSONValue = [
        "observation": ["echoed_message": "Echo environment ready!", "message_length": 0, "metadata": [:]],
        "reward": .double(0.0), "done": false,
    ]

    @Test func healthIsHealthy() async throws {
        try await makeServer().test(.router) { client async throws in
            let response = try await client.send(.get, "/health")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(try response.json == ["status": "healthy"])
        }
    }

    @Test func metadataDescribesTheEnvironmentWithNullsWhereUnknown() async throws {
        try await makeServer().test(.router) { client async throws in
            #expect(try await client.send(.get, "/metadata").json == [
                "name": "EchoEnvironment", "description": .string(EchoEnvironment.descriptor.description),
                "readme_content": nil, "version": "1.0.0", "author": nil, "documentation_url": nil,
            ])
        }
    }

    @Test func schemaServesTheActionObservationAndStateSchemas() async throws {
        try await makeServer().test(.router) { client async throws in
            #expect(try await client.send(.get, "/schema").json == [
                "action": EchoAction.jsonSchema.jsonValue,
                "observation": EchoObservation.jsonSchema.jsonValue,
                "state": EpisodeState.jsonSchema.jsonValue,
            ])
        }
    }

    @Test func resetWithoutABodyOrWithAnEmptyObjectStartsAnEpisode() async throws {
        try await makeServer().test(.router) { client async throws in
            #expect(try await client.send(.post, "/reset").json == ready)
            #expect(try await client.send(.post, "/reset", body: "{}").json == ready)
            #expect(try await client.send(.get, "/state").json.objectValue?["step_count"] == 0)
        }
    }

    @Test func resetTakesTheEpisodeIDAndIgnoresUnknownMembers() async throws {
        try await makeServer().test(.router) { client async throws in
            let response = try await client.send(.post, "/reset", body: #"{"seed": 3, "episode_id": "ep-7", "render": true}"#)
            #expect(response.status == .ok)
            #expect(try await client.send(.get, "/state").json == ["episode_id": "ep-7", "step_count": 0])
        }
    }

    @Test func stepEchoesAndCountsOnTheDefaultSession() async throws {
        try await makeServer().test(.router) { client async throws in
            _ = try await client.send(.post, "/reset", body: #"{"episode_id": "e"}"#)
            let response = try await client.send(.post, "/step", body: #"{"action": {"message": "abc"}, "timeout_s": 5, "request_id": "r1"}"#)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body)
                == #"{"done":false,"observation":{"echoed_message":"abc","message_length":3,"metadata":{"original_message":"abc","step_count":1}},"reward":0.30000000000000004}"#)
            #expect(try await client.send(.get, "/state").json == ["episode_id": "e", "step_count": 1])
        }
    }

    @Test func stepBeforeAnyResetWorksOnAFreshEpisode() async throws {
        try await makeServer().test(.router) { client async throws in
            let response = try await client.send(.post, "/step", body: #"{"action": {"message": "hi"}}"#)
            #expect(response.status == .ok)
            #expect(try response.json.objectValue?["reward"] == .double(Double(2) * 0.1))
            #expect(try await client.send(.get, "/state").json.objectValue?["step_count"] == 1)
        }
    }

    @Test func anUnknownActionFieldIsRejectedAndChangesNothing() async throws {
        try await makeServer().test(.router) { client async throws in
            _ = try await client.send(.post, "/reset", body: #"{"episode_id": "e"}"#)
            let response = try await client.send(.post, "/step", body: #"{"action": {"message": "x", "bogus": 1}}"#)
            #expect(response.status == .unprocessableContent)
            #expect(try response.json == ["detail": [
                ["type": "extra_forbidden", "loc": ["bogus"], "msg": "Extra inputs are not permitted", "input": 1]
            ]])
            #expect(try await client.send(.get, "/state").json == ["episode_id": "e", "step_count": 0])
        }
    }

    @Test func aWrongActionTypeIsStringType() async throws {
        try await makeServer().test(.router) { client async throws in
            let response = try await client.send(.post, "/step", body: #"{"action": {"message": 5}}"#)
            #expect(try response.json == ["detail": [
                ["type": "string_type", "loc": ["message"], "msg": "Input should be a valid string", "input": 5]
            ]])
        }
    }

    @Test(arguments: [
        (nil, JSONValue.object(["type": "missing", "loc": ["body"], "msg": "Field required", "input": nil])),
        ("{}", ["type": "missing", "loc": ["body", "action"], "msg": "Field required", "input": [:]]),
        (#"{"action": 1}"#, ["type": "dict_type", "loc": ["body", "action"], "msg": "Input should be a valid dictionary", "input": 1]),
        (#"{"action": {"message": "m"}, "timeout_s": 0}"#, [
            "type": "greater_than", "loc": ["body", "timeout_s"], "msg": "Input should be greater than 0", "input": 0, "ctx": ["gt": .double(0)],
        ]),
        ("[1]", [
            "type": "model_attributes_type", "loc": ["body"], "input": [1],
            "msg": "Input should be a valid dictionary or object to extract fields from",
        ]),
        ("{bad", [
            "type": "json_invalid", "loc": ["body", 1], "msg": "JSON decode error", "input": [:],
            "ctx": ["error": "Expecting property name enclosed in double quotes"],
        ]),
    ] as [(String?, JSONValue)])
    func aMalformedStepRequestIsA422InFastAPIsShape(body: String?, issue: JSONValue) async throws {
        try await makeServer().test(.router) { client async throws in
            let response = try await client.send(.post, "/step", body: body)
            #expect(response.status == .unprocessableContent)
            #expect(try response.json == ["detail": [issue]])
        }
    }

    @Test func aNegativeSeedIsA422() async throws {
        try await makeServer().test(.router) { client async throws in
            let response = try await client.send(.post, "/reset", body: #"{"seed": -1}"#)
            #expect(response.status == .unprocessableContent)
            #expect(try response.json == ["detail": [[
                "type": "greater_than_equal", "loc": ["body", "seed"], "msg": "Input should be greater than or equal to 0",
                "input": -1, "ctx": ["ge": 0],
            ]]])
        }
    }

    @Test func anUnknownRouteIs404AndAWrongMethodIs405() async throws {
        try await makeServer().test(.router) { client async throws in
            let missing = try await client.send(.get, "/nope")
            #expect(missing.status == .notFound)
            #expect(try missing.json == ["detail": "Not Found"])
            let wrongMethod = try await client.send(.get, "/step")
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "POST")
            #expect(try wrongMethod.json == ["detail": "Method Not Allowed"])
        }
    }

    @Test func aBodyOverTheLimitIs413() async throws {
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, maxBodyBytes: 1024)
        try await makeServer(echoRegistration, configuration).test(.router) { client async throws in
            let message = String(repeating: "a", count: 2000)
            let response = try await client.send(.post, "/step", body: #"{"action": {"message": "\#(message)"}}"#)
            #expect(response.status == .contentTooLarge)
            #expect(try response.json == ["detail": "Request body is larger than the limit of 1024 bytes (see --max-body-bytes)"])
            #expect(try await client.send(.get, "/state").json.objectValue?["step_count"] == 0)
        }
    }

    @Test func openAPIDocumentsEveryRoute() async throws {
        try await makeServer().test(.router) { client async throws in
            let document = try await client.send(.get, "/openapi.json").json
            #expect(document.objectValue?["openapi"] == "3.1.0")
            let paths = try #require(document.objectValue?["paths"]?.objectValue)
            #expect(paths.keys.sorted() == [
                "/docs", "/health", "/mcp", "/metadata", "/metrics", "/openapi.json", "/reset", "/schema", "/state", "/step", "/web",
            ])
            #expect(paths["/step"]?.objectValue?["post"]?.objectValue?["requestBody"] != nil)
            #expect(document.objectValue?["components"]?.objectValue?["schemas"]?.objectValue?["Action"] == EchoAction.jsonSchema.jsonValue)
        }
    }

    @Test func docsIsASelfContainedPageThatReadsTheOpenAPIDocument() async throws {
        try await makeServer().test(.router) { client async throws in
            let response = try await client.send(.get, "/docs")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let page = String(buffer: response.body)
            #expect(page.contains("fetch(\"/openapi.json\")"))
            #expect(!page.contains("https://"))
        }
    }
}
