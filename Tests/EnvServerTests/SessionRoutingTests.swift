import EnvCore
import EnvServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SessionRoutingTests {
    static func session(_ id: String) -> HTTPFields {
        [HTTPField.Name("X-Session-Id")!: id]
    }

    @Test func aSessionHeaderSelectsItsOwnEnvironment() async throws {
        try await makeServer().test(.router) { client async throws in
            _ = try await client.send(.post, "/reset", body: #"{"episode_id": "shared"}"#)
            _ = try await client.send(.post, "/reset", body: #"{"episode_id": "mine"}"#, headers: Self.session("a"))
            _ = try await client.send(.post, "/step", body: #"{"action": {"message": "x"}}"#, headers: Self.session("a"))
            #expect(try await client.send(.get, "/state", headers: Self.session("a")).json == ["episode_id": "mine", "step_count": 1])
            #expect(try await client.send(.get, "/state").json == ["episode_id": "shared", "step_count": 0])
        }
    }

    @Test func anUnknownSessionMustBeStartedWithReset() async throws {
        try await makeServer().test(.router) { client async throws in
            let response = try await client.send(.post, "/step", body: #"{"action": {"message": "x"}}"#, headers: Self.session("ghost"))
            #expect(response.status == .notFound)
            #expect(try response.json == [
                "detail": "Session 'ghost' not found: start it with POST /reset and the same X-Session-Id header (idle sessions are reaped)"
            ])
            #expect(try await client.send(.get, "/state", headers: Self.session("ghost")).status == .notFound)
        }
    }

    @Test func withoutTheDefaultSessionAHeaderIsRequired() async throws {
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, defaultSessionEnabled: false)
        try await makeServer(echoRegistration, configuration).test(.router) { client async throws in
            let response = try await client.send(.post, "/reset")
            #expect(response.status == .badRequest)
            #expect(try response.json == [
                "detail": "This server has no default session; send an X-Session-Id header and start the session with POST /reset"
            ])
            #expect(try await client.send(.post, "/reset", headers: Self.session("t1")).status == .ok)
        }
    }

    @Test func atCapacityANewSessionGets503WithRetryAfter() async throws {
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, maxSessions: 1)
        try await makeServer(echoRegistration, configuration).test(.router) { client async throws in
            #expect(try await client.send(.post, "/reset").status == .ok)
            let response = try await client.send(.post, "/reset", headers: Self.session("second"))
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "1")
            #expect(try response.json == ["detail": "Server at capacity: 1/1 sessions active. Cannot accept new connections."])
            #expect(try await client.send(.post, "/step", body: #"{"action": {"message": "x"}}"#).status == .ok)
        }
    }

    @Test func aFailingFactoryIs500WithTheReason() async throws {
        try await makeServer(brokenRegistration).test(.router) { client async throws in
            let response = try await client.send(.post, "/reset")
            #expect(response.status == .internalServerError)
            #expect(try response.json == ["detail": "Environment factory 'EchoEnvironment' failed to create instance: no workers left"])
        }
    }

    @Test func anEnvironmentFailureIs500WithItsMessage() async throws {
        try await makeServer(failingRegistration).test(.router) { client async throws in
            let response = try await client.send(.post, "/step", body: #"{"action": {"message": "x"}}"#)
            #expect(response.status == .internalServerError)
            #expect(try response.json == ["detail": "worker crashed"])
        }
    }
}
