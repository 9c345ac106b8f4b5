import Testing

@testable import PythonWorker

/// fds 1 and 2 captured per step: every way of writing, order, caps.
struct OutputCaptureTests {
    @Test func everyWayOfWritingIsCapturedInOrder() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("""
            import ctypes, os, sys, threading
            libc = ctypes.CDLL(None)
            print("print")
            sys.stdout.write("sys.stdout.write\\n")
            os.write(1, b"os.write\\n")
            libc.write(1, b"C write\\n", 8)
            thread = threading.Thread(target=lambda: print("thread"))
            thread.start()
            thread.join()
            print("err", file=sys.stderr)
            os.write(2, b"os.write 2\\n")
            """)
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.text == "print\nsys.stdout.write\nos.write\nC write\nthread\n")
        #expect(outcome.stderr.text == "err\nos.write 2\n")
    }

    @Test func outputPastTheLimitIsDroppedWithAMarker() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("print('x' * 5000)\nprint('e' * 30, file=__import__('sys').stderr)", outputLimit: 1000)
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.bytes.count == 1000)
        #expect(outcome.stdout.droppedBytes == 4001)
        #expect(outcome.stdout.text == String(repeating: "x", count: 1000)
            + "\n[output truncated: 1000 bytes shown, 4001 more bytes dropped]\n")
        #expect(outcome.stderr.text == String(repeating: "e", count: 30) + "\n")
    }

    @Test func aGigabyteOfOutputNeitherStallsNorGrows() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await worker.run(
            "import os\nchunk = b'y' * (1 << 20)\nfor _ in range(1024):\n    os.write(1, chunk)", timeLimit: 60)
        #expect(outcome.exitCode == 0)
        #expect(outcome.stdout.bytes.count == 1 << 20)
        #expect(outcome.stdout.droppedBytes == (1 << 30) - (1 << 20))
        #expect(clock.now - start < .seconds(30))
    }

    @Test func oneGigabyteStringIsStoppedByTheMemoryLimit() async throws {
        let pool = try await TestWorkers.shared.value
        // Only meaningful, and only safe, where the rlimits layer is on.
        guard await !pool.readiness.missingLayers.contains(.rlimits) else { return }
        let worker = try await pool.acquire()
        defer { worker.close() }
        let outcome = await worker.run("print('x' * 10**9)", timeLimit: 60)
        #expect(outcome.exitCode == 1)
        #expect(outcome.stderr.text.hasSuffix("MemoryError\n"))
        #expect(await worker.run("print('still here')").stdout.text == "still here\n")
    }

    @Test func invalidUTF8IsReplaced() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("import os\nos.write(1, b'ok \\xff\\xfe end\\n')")
        #expect(outcome.stdout.text == "ok \u{FFFD}\u{FFFD} end\n")
    }

    @Test func lateBackgroundOutputNeverReachesALaterStep() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let first = await worker.run("""
            import threading, time
            def late():
                time.sleep(0.2)
                print("late")
            threading.Thread(target=late).start()
            """)
        #expect(first.stdout.text == "")
        try await Task.sleep(for: .milliseconds(500))
        #expect(await worker.run("print('now')").stdout.text == "now\n")
    }

    /// A duplicate of fd 1 kept from an earlier step writes into the pipe
    /// the capture keeps: into the step running then, and into nothing
    /// (read and dropped) between steps.
    @Test func aDuplicatedStdoutReachesOnlyTheStepRunningWhenItWrites() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let first = await worker.run("""
            import os, threading, time
            kept = os.dup(1)
            def between():
                time.sleep(0.2)
                os.write(kept, b'between steps\\n')
            threading.Thread(target=between).start()
            """)
        #expect(first.stdout.text == "")
        try await Task.sleep(for: .milliseconds(500))
        let second = await worker.run("os.write(kept, b'via the duplicate\\n')\nprint('direct')")
        #expect(second.stdout.text == "via the duplicate\ndirect\n")
        #expect(second.stderr.text == "")
    }

    /// Code that closes the capture's own pipes loses its output for the
    /// rest of that step only: the next step gets new pipes.
    @Test func codeThatClosesTheCapturesPipesOnlyLosesItsOwnStep() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let closing = await worker.run(Self.closingPipes())
        #expect(closing.exitCode == 0)
        for step in 0..<3 {
            let next = await worker.run("import sys\nprint('next \(step)')\nprint('err', file=sys.stderr)")
            #expect(next.stdout.text == "next \(step)\n")
            #expect(next.stderr.text == "err\n")
        }
    }

    /// Code that closes only the pipes' spare write ends (fds 1 and 2 still
    /// name the pipes): the next step cannot point fds 1 and 2 at them, gets
    /// new pipes, and its output is all there under the usual limit.
    @Test func codeThatClosesThePipesWriteEndsLosesNothingLater() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let closing = await worker.run(
            Self.closingPipes(where: "fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY") + "print('closed')")
        #expect(closing.stdout.text == "closed\n")
        let next = await worker.run("print('x' * 5000)", outputLimit: 100)
        #expect(next.stdout.text.hasPrefix(String(repeating: "x", count: 100)))
        #expect(next.stdout.droppedBytes == 4901)
    }

    /// Code that closes the pipes and then uses up its open files (all of
    /// them, or all but enough for one new pipe): each later step is
    /// refused (its output could not be captured) and the worker stays up.
    @Test(arguments: [0, 2])
    func aWorkerOutOfDescriptorsRefusesStepsAndStaysUp(leftFree: Int) async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let filling = await worker.run(Self.closingPipes() + """
            held = []
            try:
                while True:
                    held.append(os.open('/dev/null', os.O_RDONLY))
            except OSError:
                pass
            for fd in held[len(held) - \(leftFree):]:
                os.close(fd)
            """)
        #expect(filling.exitCode == 0)
        for _ in 0..<2 {
            let refused = await worker.run("print('never')")
            #expect(refused.exitCode == 1)
            #expect(refused.stderr.text.contains("cannot capture this step's output"))
            #expect(refused.workerSurvived)
        }
    }

    /// Steps that end at once or after the drain thread forwarded some of
    /// their output, racing it at the end: each step's output is all
    /// there, in order, and only in that step.
    @Test func everyStepKeepsExactlyItsOwnOutput() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        for step in 0..<300 {
            let delay = Double(step % 30) / 10_000  // 0 to 2.9 ms
            let outcome = await worker.run("""
                import sys, time
                print('before \(step)')
                time.sleep(\(delay))
                print('after \(step)')
                print('err \(step)', file=sys.stderr)
                """)
            #expect(outcome.stdout.text == "before \(step)\nafter \(step)\n")
            #expect(outcome.stderr.text == "err \(step)\n")
        }
    }

    /// A step that closes fds 1 and 2 itself, at once or after a pause.
    @Test func codeThatClosesItsOutputStillEnds() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        for delay in [0, 0.01] {
            let outcome = await worker.run("import os, time\nprint('x', flush=True)\ntime.sleep(\(delay))\nos.close(1)\nos.close(2)")
            #expect(outcome.exitCode == 0)
            #expect(outcome.stdout.text == "x\n")
            #expect(await worker.run("print('next')").stdout.text == "next\n")
        }
    }

    @Test func statementsPrintNothing() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("x = 1 + 1")
        #expect(outcome.stdout.text == "")
        #expect(outcome.stderr.text == "")
    }

    /// Python that closes every pipe descriptor from 3 up (the capture's
    /// own) for which `condition`, on `fd`, holds.
    private static func closingPipes(where condition: String = "True") -> String {
        """
        import fcntl, os, stat
        for fd in range(3, 256):
            try:
                if stat.S_ISFIFO(os.fstat(fd).st_mode) and \(condition):
                    os.close(fd)
            except OSError:
                pass

        """
    }
}
