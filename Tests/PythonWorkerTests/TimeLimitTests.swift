import Testing

@testable import PythonWorker

/// The soft limit interrupts and keeps the namespace; the hard one kills.
struct TimeLimitTests {
    @Test func softLimitInterruptsAndKeepsTheNamespace() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("import time\nkept = 'here'\ntime.sleep(30)", timeLimit: 0.5)
        #expect(outcome.ending == .completed(exitCode: 1, timedOut: true))
        #expect(outcome.stderr.text == """
            Traceback (most recent call last):
              File "<cell>", line 3, in <module>
            KeyboardInterrupt: time limit of 0.5 s exceeded

            """)
        #expect(await worker.run("print(kept)").stdout.text == "here\n")
    }

    @Test func busyLoopIsInterruptedToo() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("while True:\n    pass", timeLimit: 1)
        #expect(outcome.ending == .completed(exitCode: 1, timedOut: true))
        #expect(outcome.stderr.text.hasSuffix("KeyboardInterrupt: time limit of 1 s exceeded\n"))
    }

    @Test func codeThatIgnoresTheInterruptIsKilledAfterTheGrace() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("""
            import signal, time
            print("started")
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(30)
            """, timeLimit: 0.3, grace: .milliseconds(300))
        #expect(outcome.ending == .hardTimeout)
        #expect(outcome.stdout.text == "started\n")
        #expect(!worker.isAlive)
    }
}
