import EnvCore
import PythonWorker
import Testing

@testable import Environments

/// Episode semantics of the coding environment on real workers.
struct CodingEnvironmentTests {
    @Test func resetGivesAnEmptyObservationRewardZeroAndAFreshState() async throws {
        let environment = try await CodingTestPool.environment()
        let result = try await environment.reset(seed: 3, episodeID: "episode-7")
        #expect(result.observation == CodeObservation())
        #expect(result.reward == 0.0)
        #expect(result.done == false)
        #expect(await environment.state() == CodeState(episodeID: "episode-7", stepCount: 0, lastExitCode: 0))
        await environment.close()
    }

    @Test func stepRunsCodeAndTracksStepCountAndLastExitCode() async throws {
        let environment = try await CodingTestPool.environment()
        _ = try await environment.reset(seed: nil, episodeID: "e")
        let printed = try await environment.run("print(6 * 7)")
        #expect(printed.observation.stdout == "42\n")
        #expect(printed.observation.exitCode == 0)
        #expect(printed.observation.metadata == ["last_code": "print(6 * 7)"])
        let failed = try await environment.run("undefined_name")
        #expect(failed.observation.exitCode == 1)
        #expect(failed.observation.stderr.hasSuffix("NameError: name 'undefined_name' is not defined\n"))
        #expect(await environment.state() == CodeState(episodeID: "e", stepCount: 2, lastExitCode: 1))
        await environment.close()
    }

    @Test func namespacePersistsAcrossStepsAndResetClearsIt() async throws {
        let environment = try await CodingTestPool.environment()
        _ = try await environment.reset(seed: nil, episodeID: nil)
        _ = try await environment.run("import math\ndef area(r):\n    return math.pi * r * r\nclass C:\n    n = 5\nv = 2")
        #expect(try await environment.run("print(round(area(v), 3), C.n)").observation.stdout == "12.566 5\n")
        _ = try await environment.reset(seed: nil, episodeID: nil)
        let cleared = try await environment.run("print(v)")
        #expect(cleared.observation.exitCode == 1)
        #expect(cleared.observation.stderr.hasSuffix("NameError: name 'v' is not defined\n"))
        await environment.close()
    }

    @Test func stepBeforeResetWorks() async throws {
        let environment = try await CodingTestPool.environment()
        #expect(try await environment.run("print('first')").observation.stdout == "first\n")
        #expect(await environment.state().stepCount == 1)
        await environment.close()
    }

    @Test func osExitEndsTheWorkerAndTheNextStepSaysTheNamespaceWasLost() async throws {
        let environment = try await CodingTestPool.environment()
        _ = try await environment.reset(seed: nil, episodeID: nil)
        _ = try await environment.run("kept = 1")
        let exited = try await environment.run("import os\nos._exit(4)")
        #expect(exited.observation.exitCode == 4)
        #expect(exited.observation.metadata["worker_exited"] == true)
        #expect(exited.reward == -0.9)
        #expect(await environment.state().lastExitCode == 4)
        let next = try await environment.run("print('kept' in globals())")
        #expect(next.observation.stdout == "False\n")
        #expect(next.observation.metadata["namespace_lost"] == true)
        let after = try await environment.run("print(1)")
        #expect(after.observation.metadata["namespace_lost"] == nil)
        await environment.close()
    }

    @Test func softTimeLimitInterruptsAndKeepsTheNamespace() async throws {
        let environment = try await CodingTestPool.environment()
        _ = try await environment.reset(seed: nil, episodeID: nil)
        let interrupted = try await environment.run("kept = 3\nwhile True:\n    pass", timeout: .milliseconds(500))
        #expect(interrupted.observation.exitCode == 1)
        #expect(interrupted.observation.metadata["timed_out"] == true)
        #expect(interrupted.observation.stderr.hasSuffix("KeyboardInterrupt: time limit of 0.5 s exceeded\n"))
        #expect(try await environment.run("print(kept)").observation.stdout == "3\n")
        await environment.close()
    }

    @Test func requestedTimeLimitIsCappedByTheServerMaximum() async throws {
        let settings = CodingSettings(maxTimeLimit: .milliseconds(300))
        let environment = try await CodingTestPool.environment(settings)
        let capped = try await environment.run("import time\ntime.sleep(30)", timeout: .seconds(100))
        #expect(capped.observation.stderr.hasSuffix("KeyboardInterrupt: time limit of 0.3 s exceeded\n"))
        await environment.close()
    }

    @Test func codeThatIgnoresTheLimitIsKilledWith137AndAFreshWorkerFollows() async throws {
        let settings = CodingSettings(defaultTimeLimit: .milliseconds(300), killGrace: .milliseconds(300))
        let environment = try await CodingTestPool.environment(settings)
        _ = try await environment.reset(seed: nil, episodeID: nil)
        _ = try await environment.run("kept = 1")
        let killed = try await environment.run(
            "import signal, time\nsignal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\ntime.sleep(30)")
        #expect(killed.observation.exitCode == 137)
        #expect(killed.observation.metadata["timed_out"] == true)
        #expect(killed.observation.metadata["worker_exited"] == true)
        #expect(killed.observation.stderr == "codeenv: killed: the code did not stop within 0.3 s plus 0.3 s of grace; the namespace is gone\n")
        let next = try await environment.run("print('kept' in globals())")
        #expect(next.observation.stdout == "False\n")
        #expect(next.observation.metadata["namespace_lost"] == true)
        await environment.close()
    }

    @Test func codeLargerThanAFrameIsAClearErrorAndTheEpisodeGoesOn() async throws {
        let environment = try await CodingTestPool.environment()
        _ = try await environment.reset(seed: nil, episodeID: nil)
        _ = try await environment.run("kept = 1")
        let size = ExecuteRequest.maxCodeBytes + 1
        await #expect(throws: CodingEnvironmentError.codeTooLarge(bytes: size, limit: ExecuteRequest.maxCodeBytes)) {
            _ = try await environment.run(String(repeating: "#", count: size))
        }
        #expect(try await environment.run("print(kept)").observation.stdout == "1\n")
        #expect(await environment.state().stepCount == 2)
        await environment.close()
    }

    @Test func oneHundredStepsInOneEpisode() async throws {
        let environment = try await CodingTestPool.environment()
        _ = try await environment.reset(seed: nil, episodeID: nil)
        _ = try await environment.run("n = 0")
        for _ in 0..<99 { _ = try await environment.run("n += 1") }
        #expect(try await environment.run("print(n)").observation.stdout == "99\n")
        #expect(await environment.state().stepCount == 101)
        await environment.close()
    }
}
