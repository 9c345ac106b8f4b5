import EnvCore
import EnvServer
import Hummingbird
import HummingbirdTesting
import HummingbirdWebSocket
import NIOWebSocket
import HummingbirdWSTesting
import Testing

@Suite struct WebSocketTests {
    @Test func resetStepAndStateReplyWithOpenEnvsMessages() async throws {
        try await makeServer().test(.live) { client async throws in
            let conversation = try await client.converse([
                #"{"type": "reset", "data": {"seed": 1, "episode_id": "e1"}}"#,
                #"{"type": "step", "data": {"message": "abc"}}"#,
                #"{"type": "step", "data": {"message": "aé中😀"}}"#,
                #"{"type": "state"}"#,
                #"{"type": "close"}"#,
            ], awaitingClose: true)
            #expect(conversation.replies == [
                ["type": "observation", "data": [
                    "observation": ["echoed_message": "Echo environment ready!", "message_length": 0, "metadata": [:]],
                    "reward": .double(0.0), "done": false,
                ]],
                ["type": "observation", "data": [
                    "observation": ["echoed_message": "abc", "message_length": 3, "metadata": ["original_message": "abc", "step_count": 1]],
                    "reward": 0.30000000000000004, "done": false,
                ]],
                ["type": "observation", "data": [
                    "observation": ["echoed_message": "aé中😀", "message_length": 4, "metadata": ["original_message": "aé中😀", "step_count": 2]],
                    "reward": .double(Double(4) * 0.1), "done": false,
                ]],
                ["type": "state", "data": ["episode_id": "e1", "step_count": 2]],
            ])
            #expect(conversation.closeCode == .normalClosure)
        }
    }

    @Test func resetDataMayBeEmptyOrAbsent() async throws {
        try await makeServer().test(.live) { client async throws in
            let replies = try await client.converse([#"{"type": "reset", "data": {}}"#, #"{"type": "reset"}"#]).replies
            #expect(replies.map { $0.objectValue?["type"] } == ["observation", "observation"])
        }
    }

    @Test func invalidJSONIsReportedAndTheConnectionStaysOpen() async throws {
        try await makeServer().test(.live) { client async throws in
            let replies = try await client.converse(["{bad", #"{"type": "state"}"#]).replies
            #expect(replies.first == ["type": "error", "data": [
                "code": "INVALID_JSON",
                "message": "Invalid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
            ]])
            #expect(replies.last?.objectValue?["type"] == "state")
        }
    }

    @Test(arguments: [
        (#"{"type": "dance"}"#, "Unknown message type: dance"),
        (#"{"data": {}}"#, "Unknown message type: "),
        (#"{"type": 5}"#, "Unknown message type: 5"),
    ])
    func anUnknownTypeIsUnknownType(frame: String, message: String) async throws {
        try await makeServer().test(.live) { client async throws in
            let replies = try await client.converse([frame, #"{"type": "state"}"#]).replies
            #expect(replies.first == ["type": "error", "data": ["code": "UNKNOWN_TYPE", "message": .string(message)]])
            #expect(replies.count == 2)
        }
    }

    @Test func aBadActionIsAValidationErrorAndChangesNothing() async throws {
        try await makeServer().test(.live) { client async throws in
            let replies = try await client.converse([
                #"{"type": "reset", "data": {"episode_id": "v"}}"#,
                #"{"type": "step", "data": {"message": "x", "bogus": 1}}"#,
                #"{"type": "step"}"#,
                #"{"type": "step", "data": 5}"#,
                #"{"type": "reset", "data": {"seed": "x"}}"#,
                #"{"type": "state"}"#,
            ]).replies
            #expect(replies[1] == ["type": "error", "data": [
                "code": "VALIDATION_ERROR", "message": "Invalid message",
                "errors": [["type": "extra_forbidden", "loc": ["bogus"], "msg": "Extra inputs are not permitted", "input": 1]],
            ]])
            #expect(replies[2] == ["type": "error", "data": [
                "code": "VALIDATION_ERROR", "message": "Invalid message",
                "errors": [["type": "missing", "loc": ["data"], "msg": "Field required", "input": ["type": "step"]]],
            ]])
            #expect(replies[3].objectValue?["data"]?.objectValue?["errors"] == [
                ["type": "dict_type", "loc": ["data"], "msg": "Input should be a valid dictionary", "input": 5]
            ])
            #expect(replies[4].objectValue?["data"]?.objectValue?["errors"]?.arrayValue?.first?.objectValue?["type"] == "int_parsing")
            #expect(replies[5] == ["type": "state", "data": ["episode_id": "v", "step_count": 0]])
        }
    }

    @Test func anEnvironmentFailureIsAnExecutionErrorAndTheEpisodeGoesOn() async throws {
        try await makeServer(failingRegistration).test(.live) { client async throws in
            let replies = try await client.converse([#"{"type": "step", "data": {"message": "x"}}"#, #"{"type": "reset"}"#]).replies
            #expect(replies.first == ["type": "error", "data": ["code": "EXECUTION_ERROR", "message": "worker crashed"]])
            #expect(replies.last?.objectValue?["type"] == "observation")
        }
    }

    @Test func aNonObjectMessageIsASessionErrorThatCloses() async throws {
        try await makeServer().test(.live) { client async throws in
            let conversation = try await client.converse(["[1]"], awaitingClose: true)
            #expect(conversation.replies == [["type": "error", "data": [
                "code": "SESSION_ERROR", "message": "Invalid message: a message must be a JSON object, got an array",
            ]]])
            #expect(conversation.closeCode == .normalClosure)
        }
    }

    @Test func aBinaryFrameIsASessionErrorThatCloses() async throws {
        try await makeServer().test(.live) { client async throws in
            let conversation = try await client.converse([.binary(ByteBuffer(string: #"{"type": "state"}"#))], awaitingClose: true)
            #expect(conversation.replies == [["type": "error", "data": [
                "code": "SESSION_ERROR", "message": "Invalid message: binary frames are not supported; send JSON text",
            ]]])
            #expect(conversation.closeCode == .normalClosure)
        }
    }

    @Test func aFailingFactoryIsAFactoryErrorThatCloses() async throws {
        try await makeServer(brokenRegistration).test(.live) { client async throws in
            let refusal = try await ConnectionRefusal.read(port: try #require(client.port))
            #expect(refusal.reply == ["type": "error", "data": [
                "code": "FACTORY_ERROR", "factory_name": "EchoEnvironment",
                "message": "Environment factory 'EchoEnvironment' failed to create instance: no workers left",
            ]])
            #expect(refusal.closeCode == 1000)
        }
    }

    @Test func atCapacityANewConnectionGetsCapacityReachedThenANormalClose() async throws {
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, maxSessions: 1)
        try await makeServer(echoRegistration, configuration).test(.live) { client async throws in
            #expect(try await client.send(.post, "/reset").status == .ok)
            let refusal = try await ConnectionRefusal.read(port: try #require(client.port))
            #expect(refusal.reply == ["type": "error", "data": [
                "code": "CAPACITY_REACHED", "active_sessions": 1, "max_sessions": 1,
                "message": "Server at capacity: 1/1 sessions active. Cannot accept new connections.",
            ]])
            #expect(refusal.closeCode == 1000)
        }
    }

    @Test func closingAConnectionFreesItsSessionAtOnce() async throws {
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, maxSessions: 1)
        try await makeServer(echoRegistration, configuration).test(.live) { client async throws in
            for round in 1...3 {
                let replies = try await client.converse(
                    [#"{"type": "reset", "data": {"episode_id": "r\#(round)"}}"#, #"{"type": "close"}"#], awaitingClose: true)
                #expect(replies.replies.first?.objectValue?["type"] == "observation")
            }
        }
    }

    @Test func aClientThatGoesAwayWithoutCloseFreesItsSession() async throws {
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, maxSessions: 1)
        try await makeServer(echoRegistration, configuration).test(.live) { client async throws in
            _ = try await client.converse([#"{"type": "reset"}"#])
            var reply: JSONValue? = nil
            for _ in 0..<100 where reply?.objectValue?["type"] != "observation" {
                reply = try await client.converse([#"{"type": "reset"}"#]).replies.first
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(reply?.objectValue?["type"] == "observation")
        }
    }

    @Test func anIdleConnectionIsClosedAfterTheIdleTimeout() async throws {
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, idleTimeout: .milliseconds(200), reapInterval: .milliseconds(50))
        try await makeServer(echoRegistration, configuration).test(.live) { client async throws in
            let started = ContinuousClock.now
            let conversation = try await client.converse([#"{"type": "reset"}"#], awaitingClose: true)
            #expect(conversation.closeCode == .goingAway)
            #expect(ContinuousClock.now - started >= .milliseconds(200))
        }
    }

    @Test func eightConcurrentClientsEachSeeOnlyTheirOwnEpisode() async throws {
        try await makeServer().test(.live) { client async throws in
            try await withThrowingTaskGroup(of: (Int, Conversation).self) { group in
                for index in 0..<8 {
                    group.addTask {
                        let message = String(repeating: "x", count: index)
                        let steps = (0...index).map { _ in #"{"type": "step", "data": {"message": "\#(message)"}}"# }
                        let frames = [#"{"type": "reset", "data": {"episode_id": "client-\#(index)"}}"#] + steps + [#"{"type": "state"}"#]
                        return (index, try await client.converse(frames))
                    }
                }
                for try await (index, conversation) in group {
                    let observations = conversation.replies.dropFirst().dropLast()
                    #expect(observations.count == index + 1)
                    for (step, reply) in observations.enumerated() {
                        let observation = reply.objectValue?["data"]?.objectValue?["observation"]?.objectValue
                        #expect(observation?["message_length"] == .int(index))
                        #expect(observation?["metadata"]?.objectValue?["step_count"] == .int(step + 1))
                    }
                    #expect(conversation.replies.last == ["type": "state", "data": [
                        "episode_id": .string("client-\(index)"), "step_count": .int(index + 1),
                    ]])
                }
            }
        }
    }
}
