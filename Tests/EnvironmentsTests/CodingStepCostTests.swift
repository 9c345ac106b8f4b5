import Testing

@testable import Environments

/// What a trivial step costs inside the server: environment → worker →
/// CPython → back, without HTTP or WebSocket. Not a benchmark (that is
/// Benchmarks/run.py, on a quiet machine): the bound is a tenth of what
/// starting a `python3` per step costs, loose enough for a debug build
/// beside the other suites on 2 cores, and tight enough to catch a step
/// that starts a process or re-initialises the interpreter.
struct CodingStepCostTests {
    @Test func aTrivialStepCostsFarLessThanStartingAPythonProcess() async throws {
        let environment = try await CodingTestPool.environment()
        _ = try await environment.reset(seed: nil, episodeID: nil)
        for _ in 0..<50 { _ = try await environment.run("x = 1 + 1") }
        let clock = ContinuousClock()
        var samples: [Duration] = []
        for _ in 0..<1000 {
            let start = clock.now
            _ = try await environment.run("x = 1 + 1")
            samples.append(clock.now - start)
        }
        samples.sort()
        let median = samples[samples.count / 2]
        print("coding step `x = 1 + 1`: p50 \(median), p90 \(samples[900]), p99 \(samples[990]) over 1000 steps")
        #expect(median < .milliseconds(3))
        await environment.close()
    }
}
