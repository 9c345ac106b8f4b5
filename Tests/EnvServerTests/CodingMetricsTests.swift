import EnvCore
import EnvServer
import Environments
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOPosix
import PythonWorker
import TestSupport
import Testing

/// `/metrics` of a coding server whose pool records into the server's own
/// registry: steps that end, time out and are killed move their counters.
@Suite struct CodingMetricsTests {
    @Test func timeoutsAndKillsMoveTheirCounters() async throws {
        let metrics = ServerMetrics()
        let pool = try await WorkerPool(
            configuration: .init(
                executable: BuiltProducts.zygote,
                sandbox: SandboxSettings(allowedWeaker: Set(SandboxLayer.allCases), outsideIDBase: 650_000, outsideIDSlots: 100),
                warmWorkers: 1, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, metrics: metrics.workerMetrics),
            logger: testLogger)
        var registry = EnvironmentRegistry()
        let settings = CodingSettings(killGrace: .milliseconds(300))
        registry.register("coding", CodingEnvironment.self) { CodingEnvironment(pool: pool, settings: settings) }
        let app = try EnvServerApplication.make(
            registration: try registry.registration(named: "coding"),
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), logger: testLogger, metrics: metrics)

        try await app.test(.router) { client in
            _ = try await client.send(.post, "/reset", body: "{}")
            let steps: [(body: String, exitCode: Int)] = [
                (#"{"action": {"code": "print(1)"}}"#, 0),
                // One C call that never returns to the interpreter, so the soft
                // limit's interrupt cannot land and the hard deadline kills it.
                (#"{"action": {"code": "sum(range(10**15))"}, "timeout_s": 0.3}"#, 128 + 9),
                // A real fault: a signal the worker sends itself is ignored, as
                // it is its pid namespace's init.
                (#"{"action": {"code": "import ctypes\nctypes.string_at(0)"}}"#, 128 + 11),
                // An exit of the code's own is no kill.
                (#"{"action": {"code": "import os\nos._exit(3)"}}"#, 3),
            ]
            for step in steps {
                let observation = try await client.send(.post, "/step", body: step.body).json.objectValue?["observation"]
                #expect(observation?.objectValue?["exit_code"] == .int(step.exitCode))
            }
            let value = try await client.metrics().value
            #expect(value(#"codeenv_resets_total{env="coding"}"#) == 1)
            #expect(value(#"codeenv_steps_total{env="coding"}"#) == 4)
            #expect(value(#"codeenv_step_duration_seconds_count{env="coding"}"#) == 4)
            #expect(value(#"codeenv_worker_kills_total{reason="timeout"}"#) == 1)
            #expect(value(#"codeenv_worker_kills_total{reason="crash"}"#) == 1)
            #expect(value(#"codeenv_worker_kills_total{reason="memory"}"#) == 0)
            #expect(value(#"codeenv_worker_kills_total{reason="seccomp"}"#) == 0)
            #expect(value("codeenv_zygote_restarts_total") == 0)
            #expect(value("codeenv_warm_workers") != nil)
        }
        await pool.shutdown()
    }
}
