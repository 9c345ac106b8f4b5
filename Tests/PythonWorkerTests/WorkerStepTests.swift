import Glibc
import Testing

@testable import PythonWorker

/// One worker running steps: exit codes, tracebacks, persistence.
struct WorkerStepTests {
    @Test func printIsCapturedWithExitCodeZero() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("print('hi')")
        #expect(outcome.ending == .completed(exitCode: 0, timedOut: false))
        #expect(outcome.stdout.text == "hi\n")
        #expect(outcome.stderr.text == "")
        #expect(outcome.analysis == CodeAnalysis(safetyViolation: nil, parses: true, strippedLength: 11))
    }

    @Test func stepKeepsVariablesFunctionsClassesAndImports() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        _ = await worker.run("x = 41\ndef inc(v):\n    return v + 1\nclass Box:\n    size = 3\nimport fractions")
        let outcome = await worker.run("print(inc(x), Box.size, fractions.Fraction(1, 2))")
        #expect(outcome.stdout.text == "42 3 1/2\n")
    }

    @Test func uncaughtExceptionGivesExitOneAndACellTraceback() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("x = 1\n1 / 0")
        #expect(outcome.exitCode == 1)
        #expect(outcome.stderr.text == """
            Traceback (most recent call last):
              File "<cell>", line 2, in <module>
            ZeroDivisionError: division by zero

            """)
    }

    @Test func syntaxErrorGivesExitOneNamingTheCellAndNoServiceFrames() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("eval(")
        #expect(outcome.exitCode == 1)
        #expect(outcome.stderr.text == """
              File "<cell>", line 1
                eval(
                    ^
            SyntaxError: '(' was never closed

            """)
        #expect(outcome.analysis == CodeAnalysis(safetyViolation: #"eval\("#, parses: false, strippedLength: 5))
    }

    @Test func sysExitGivesItsCodeAndKeepsTheNamespace() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let exited = await worker.run("import sys\nkept = 'yes'\nsys.exit(3)")
        #expect(exited.exitCode == 3)
        #expect(exited.stderr.text == "")
        #expect(await worker.run("print(kept)").stdout.text == "yes\n")
        #expect(await worker.run("raise SystemExit('bye')").exitCode == 1)
        #expect(await worker.run("raise SystemExit('bye')").stderr.text == "bye\n")
        #expect(await worker.run("raise SystemExit").exitCode == 0)
    }

    @Test func osExitEndsTheWorkerWithItsCode() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("import os\nos._exit(4)")
        #expect(outcome.ending == .workerExited(.exited(code: 4)))
        #expect(outcome.analysis?.safetyViolation == #"import\s+os"#)
        #expect(!worker.isAlive)
        let next = await worker.run("print(1)")
        #expect(next.analysis == nil)
        #expect(!next.workerSurvived)
    }

    @Test func fatalSignalGives128PlusTheSignal() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("import ctypes\nctypes.string_at(0)")
        #expect(outcome.ending == .workerExited(.signaled(signal: 11)))
        if case .workerExited(let exit) = outcome.ending { #expect(exit.exitCode == 139) }
    }

    /// The worker is not its pid namespace's init, so a signal it sends
    /// itself acts as on python3 (Sandbox/init.c), and the Swift runtime's
    /// crash handlers inherited from the zygote do not catch it.
    @Test(arguments: [
        ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", SIGKILL),
        ("import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\nimport time\ntime.sleep(5)", SIGTERM),
        ("import signal\nsignal.raise_signal(signal.SIGSEGV)", SIGSEGV),
        ("import os\nos.abort()", SIGABRT),
    ])
    func aSignalTheCodeSendsItselfEndsItAsOnPython3(code: String, signal: Int32) async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run(code)
        #expect(outcome.ending == .workerExited(.signaled(signal: signal)))
        if case .workerExited(let exit) = outcome.ending { #expect(exit.exitCode == 128 + Int(signal)) }
    }

    @Test func commonStandardModulesImport() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("""
            import json, math, re, sqlite3, decimal
            db = sqlite3.connect(':memory:')
            print(json.dumps([math.isqrt(17), re.sub('a', 'b', 'aa'), db.execute('select 6*7').fetchone()[0],
                              str(decimal.Decimal('1.1') + decimal.Decimal('2.2'))]))
            """)
        #expect(outcome.stderr.text == "")
        #expect(outcome.stdout.text == "[4, \"bb\", 42, \"3.3\"]\n")
    }

    @Test func interpreterIsDebiansPython() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("import sys, json\nprint(sys.prefix, sys.executable, json.__file__)")
        #expect(outcome.stdout.text == "/usr /usr/bin/python3 /usr/lib/python3.11/json/__init__.py\n")
    }

    /// Debian's static, non-PIC build, as `/usr/bin/python3` is, not the
    /// slower shared library: no libpython3.11.so in the worker's memory.
    @Test func interpreterIsLinkedStatically() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("""
            import ctypes
            maps = open('/proc/self/maps').read()
            print('libpython' in maps, bool(ctypes.pythonapi.Py_GetVersion))
            """)
        #expect(outcome.stdout.text == "False True\n")
    }

    @Test func oneHundredStepsInOneEpisode() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        _ = await worker.run("total = 0")
        for step in 1...100 {
            let outcome = await worker.run("total += \(step)")
            #expect(outcome.exitCode == 0)
        }
        #expect(await worker.run("print(total)").stdout.text == "5050\n")
    }

    /// The zygote gets a fixed environment, never the server's own.
    @Test func workerSeesOnlyItsOwnEnvironment() async throws {
        setenv("CODEENV_TEST_SERVER_SECRET", "do-not-leak", 1)
        let pool = try await TestWorkers.makePool(warmWorkers: 1, idRange: 7)
        let worker = try await pool.acquire()
        let outcome = await worker.run("import os\nprint(sorted(os.environ.items()))")
        worker.close()
        await pool.shutdown()
        #expect(outcome.stdout.text == """
            [('HOME', '/tmp'), ('LANG', 'C.UTF-8'), ('MALLOC_ARENA_MAX', '2'), \
            ('PATH', '/usr/local/bin:/usr/bin:/bin'), ('TMPDIR', '/tmp')]

            """)
    }

    /// Under the 1 GiB address-space limit, threads must not each reserve a
    /// 64 MiB malloc arena.
    @Test func dozensOfThreadsRunUnderTheMemoryLimit() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("""
            import threading
            done = []
            def work(i):
                done.append(bytes(100_000) and i)
            threads = [threading.Thread(target=work, args=(i,)) for i in range(48)]
            for t in threads: t.start()
            for t in threads: t.join()
            print(len(done))
            """)
        #expect(outcome.stderr.text == "")
        #expect(outcome.stdout.text == "48\n")
    }

    /// A step without stdin reads end of file, whatever an earlier step did
    /// to its stdin: its empty stdin is sealed against writes, and a step
    /// that closed fd 0 does not cost later steps their stdin or output.
    @Test func anEmptyStdinCarriesNothingIntoTheNextStep() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let closing = await worker.run("""
            import os
            try:
                os.write(0, b'left behind')
            except OSError as error:
                print(type(error).__name__)
            os.close(0)
            """)
        #expect(closing.exitCode == 0)
        #expect(closing.stdout.text == "PermissionError\n")
        for _ in 0..<2 {
            let reread = await worker.run("import sys; print(repr(sys.stdin.read()))")
            #expect(reread.stdout.text == "''\n")
            #expect(reread.stderr.text == "")
        }
    }

    /// Each step reads exactly its own stdin: after steps without stdin
    /// (whose `sys.stdin` is kept), after one that read only part of its
    /// input, and after one that replaced or closed `sys.stdin`.
    @Test func everyStepReadsExactlyItsOwnStdin() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        func run(_ code: String, stdin: String = "") async -> WorkerStepOutcome {
            await worker.execute(
                ExecuteRequest(code: code, timeLimit: 5, outputLimit: 1 << 20, stdin: stdin), hardDeadline: .seconds(6))
        }
        let read = "import sys; print(repr(sys.stdin.read()))"
        #expect(await run(read).stdout.text == "''\n")
        #expect(await run("import sys; print(repr(sys.stdin.readline()))", stdin: "first\nleft over\n").stdout.text == "'first\\n'\n")
        #expect(await run(read, stdin: "second").stdout.text == "'second'\n")
        #expect(await run(read).stdout.text == "''\n")
        #expect(await run("import io, sys; sys.stdin = io.StringIO('replaced')").exitCode == 0)
        #expect(await run(read, stdin: "third").stdout.text == "'third'\n")
        #expect(await run("import sys; sys.stdin.close()").exitCode == 0)
        #expect(await run(read, stdin: "fourth").stdout.text == "'fourth'\n")
        #expect(await run("import sys; sys.stdin.detach()").exitCode == 0)
        #expect(await run("print(input())", stdin: "fifth\n").stdout.text == "fifth\n")
        #expect(await run(read).stdout.text == "''\n")
        // The code points fd 0 at a pipe and reads a line of it through
        // sys.stdin, whose buffer keeps the rest: the next step reads none.
        let replacing = await run("""
            import os, sys
            r, w = os.pipe()
            os.write(w, b'one\\ntwo\\n')
            os.close(w)
            os.dup2(r, 0)
            print(repr(sys.stdin.readline()))
            """)
        #expect(replacing.stdout.text == "'one\\n'\n")
        #expect(await run(read).stdout.text == "''\n")
    }

    /// The zygote froze its heap before forking: a worker's full collection
    /// walks only the episode's own objects (walking the zygote's wrote
    /// their headers, copying its pages into every worker), and freezing
    /// left nothing in the episode's namespace.
    @Test func theZygotesObjectsAreFrozenOutOfEveryCollection() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("""
            import gc
            print(gc.get_freeze_count() > 1000, sorted(k for k in globals() if not k.startswith('__')))
            """)
        #expect(outcome.stdout.text == "True ['gc']\n")
        #expect(outcome.exitCode == 0)
    }
}
