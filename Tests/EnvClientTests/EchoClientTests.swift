import EnvClient
import EnvCore
import Foundation
import TestSupport
import Testing

/// The client against a real `codeenv serve` hosting echo, over both wires.
@Suite(.serialized)
struct EchoClientTests {
    @Test(arguments: [EnvClient<EchoAction>.Wire.webSocket, .http])
    func resetStepAndStateOverBothWires(wire: EnvClient<EchoAction>.Wire) async throws {
        let server = try await ServedCodeenv(environment: "echo", idBase: 700_000)
        defer { server.stop() }
        let env = EnvClient<EchoAction>(baseURL: server.baseURL, over: wire)
        let reset = try await env.reset(episodeID: "e1")
        #expect(reset.observation.echoedMessage == "Echo environment ready!")
        #expect(reset.reward == 0.0)
        #expect(reset.done == false)
        let step = try await env.step(EchoAction(message: "aé中😀"))
        #expect(step.observation.echoedMessage == "aé中😀")
        #expect(step.observation.messageLength == 4)
        #expect(step.reward == 0.4)
        let state = try await env.state()
        #expect(state.episodeID == "e1")
        #expect(state.stepCount == 1)
        await env.close()
        await #expect(throws: EnvClientError.closed) { try await env.state() }
    }

    @Test(arguments: [EnvClient<JSONAction>.Wire.webSocket, .http])
    func genericJSONFormAndServerRefusals(wire: EnvClient<JSONAction>.Wire) async throws {
        let server = try await ServedCodeenv(environment: "echo", idBase: 700_000)
        defer { server.stop() }
        let env = EnvClient<JSONAction>(baseURL: server.baseURL, over: wire)
        let step = try await env.step(JSONAction(["message": "abc"]))
        #expect(step.observation["echoed_message"] == "abc")
        #expect(step.reward == 0.30000000000000004)
        await #expect {
            try await env.step(JSONAction(["message": "abc", "bogus": 1]))
        } throws: { error in
            guard case .server(let code, let message) = error as? EnvClientError else { return false }
            return (code == "VALIDATION_ERROR" || code == "HTTP 422") && message.contains("bogus") || message == "Invalid message"
        }
        // A refusal changes nothing and keeps the connection.
        #expect(try await env.state().stepCount == 1)
        await env.close()
    }

    @Test func eachClientIsItsOwnEpisode() async throws {
        let server = try await ServedCodeenv(environment: "echo", idBase: 700_000)
        defer { server.stop() }
        let first = EnvClient<EchoAction>(baseURL: server.baseURL)
        let second = EnvClient<EchoAction>(baseURL: server.baseURL, over: .http)
        _ = try await first.step(EchoAction(message: "a"))
        _ = try await first.step(EchoAction(message: "b"))
        _ = try await second.step(EchoAction(message: "c"))
        #expect(try await first.state().stepCount == 2)
        #expect(try await second.state().stepCount == 1)
        await first.close()
        await second.close()
    }

    @Test func aDroppedConnectionIsAClearErrorUntilReconnect() async throws {
        let server = try await ServedCodeenv(environment: "echo", idBase: 700_000)
        let env = EnvClient<EchoAction>(baseURL: server.baseURL)
        _ = try await env.step(EchoAction(message: "a"))
        server.stop()
        await #expect {
            try await env.step(EchoAction(message: "b"))
        } throws: { error in
            guard case .disconnected(let url, _) = error as? EnvClientError else { return false }
            return url.hasSuffix("/ws") && "\(error)".contains("call reconnect()")
        }
        // Still the same clear error: the lost episode is not swapped silently.
        await #expect(throws: EnvClientError.self) { try await env.state() }
        let restarted = try await ServedCodeenv(environment: "echo", idBase: 700_000)
        defer { restarted.stop() }
        let again = EnvClient<EchoAction>(baseURL: restarted.baseURL)
        _ = try await again.step(EchoAction(message: "x"))
        try await again.reconnect()
        #expect(try await again.state().stepCount == 0)
        await again.close()
        await env.close()
    }

    @Test func anUnreachableServerSaysWhereAndWhat() async throws {
        let env = EnvClient<EchoAction>(baseURL: URL(string: "http://127.0.0.1:9")!)
        await #expect {
            try await env.reset()
        } throws: { error in
            guard case .connectionFailed(let url, _) = error as? EnvClientError else { return false }
            return url == "ws://127.0.0.1:9/ws" && "\(error)".contains("is `codeenv serve` running there?")
        }
    }
}
