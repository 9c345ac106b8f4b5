import EnvCore
import EnvServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /metrics` on the echo environment: the counters that need no
/// worker (the coding environment's worker counters are in ExecutionTests).
@Suite struct MetricsRouteTests {
    @Test func metricsCountResetsStepsAndLatencyByEnvironment() async throws {
        try await makeServer().test(.router) { client in
            _ = try await client.send(.post, "/reset", body: "{}")
            _ = try await client.send(.post, "/step", body: #"{"action": {"message": "a"}}"#)
            _ = try await client.send(.post, "/step", body: #"{"action": {"message": "b"}}"#)
            _ = try await client.send(.post, "/step", body: #"{"action": {"bogus": 1}}"#)
            let metrics = try await client.metrics()
            #expect(metrics.value(#"codeenv_resets_total{env="echo"}"#) == 1)
            #expect(metrics.value(#"codeenv_steps_total{env="echo"}"#) == 2)
            #expect(metrics.value(#"codeenv_step_duration_seconds_count{env="echo"}"#) == 2)
            #expect(metrics.value(#"codeenv_step_duration_seconds_bucket{env="echo",le="+Inf"}"#) == 2)
        }
    }

    @Test func metricsCountResponsesByStatus() async throws {
        try await makeServer().test(.router) { client in
            _ = try await client.send(.get, "/health")
            _ = try await client.send(.get, "/health")
            _ = try await client.send(.get, "/nowhere")
            _ = try await client.send(.post, "/step", body: "{")
            let metrics = try await client.metrics()
            #expect(metrics.value(#"codeenv_http_responses_total{status="200"}"#) == 2)
            #expect(metrics.value(#"codeenv_http_responses_total{status="404"}"#) == 1)
            #expect(metrics.value(#"codeenv_http_responses_total{status="422"}"#) == 1)
        }
    }

    @Test func metricsReportActiveSessions() async throws {
        try await makeServer().test(.router) { client in
            #expect(try await client.metrics().value("codeenv_active_sessions") == 0)
            _ = try await client.send(.post, "/reset", body: "{}")
            _ = try await client.send(.post, "/reset", body: "{}", headers: [.init("X-Session-Id")!: "other"])
            #expect(try await client.metrics().value("codeenv_active_sessions") == 2)
        }
    }

    @Test func eachServerHasItsOwnRegistry() async throws {
        try await makeServer().test(.router) { client in
            _ = try await client.send(.post, "/reset", body: "{}")
        }
        try await makeServer().test(.router) { client async throws in
            #expect(try await client.metrics().value(#"codeenv_resets_total{env="echo"}"#) == 0)
        }
    }

    @Test func metricsAreServedAsPrometheusText() async throws {
        try await makeServer().test(.router) { client in
            let response = try await client.send(.get, "/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            #expect(String(buffer: response.body).contains("# TYPE codeenv_steps_total counter"))
        }
    }
}

extension TestClientProtocol {
    func metrics() async throws -> PrometheusText {
        PrometheusText(text: String(buffer: try await send(.get, "/metrics").body))
    }
}
