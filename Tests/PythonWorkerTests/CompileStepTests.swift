import Testing

@testable import PythonWorker

/// The one compile a step gets: it judges the code for the reward, its
/// warnings and errors reach the step's stderr as python3 prints them, and
/// the run uses its code object.
struct CompileStepTests {
    @Test func compileTimeWarningsReachTheStepsStderrOnce() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("x = 1 is 1\nprint(x)")
        #expect(outcome.ending == .completed(exitCode: 0, timedOut: false))
        #expect(outcome.stdout.text == "True\n")
        #expect(outcome.stderr.text == "<cell>:1: SyntaxWarning: \"is\" with a literal. Did you mean \"==\"?\n")
        #expect(outcome.analysis?.parses == true)
    }

    /// `ast.parse` accepts code the compiler refuses; the reward's `parses`
    /// is `ast.parse`'s verdict, the exit code the compiler's.
    @Test func codeTheCompilerRefusesStillParses() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("return 1")
        #expect(outcome.exitCode == 1)
        #expect(outcome.stderr.text == """
              File "<cell>", line 1
            SyntaxError: 'return' outside function

            """)
        #expect(outcome.analysis == CodeAnalysis(safetyViolation: nil, parses: true, strippedLength: 8))
    }

    /// An episode that turned warnings into errors gets python3's
    /// `SyntaxError` for a warning, printed once; the code still parses.
    @Test func aWarningTurnedIntoAnErrorFailsTheCompileNotTheParse() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        _ = await worker.run("import warnings\nwarnings.simplefilter('error')")
        let outcome = await worker.run("x = 1 is 1")
        #expect(outcome.exitCode == 1)
        #expect(outcome.stderr.text == """
              File "<cell>", line 1
            SyntaxError: "is" with a literal. Did you mean "=="?

            """)
        #expect(outcome.analysis?.parses == true)
        #expect(await worker.run("print('after')").stdout.text == "after\n")
    }

    /// The compiled code is the step's own: a step that rebinds `compile`
    /// in builtins changes neither how later steps compile nor their reward.
    @Test func rebindingCompileChangesNeitherLaterStepsNorTheirJudgement() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        _ = await worker.run("import builtins\nbuiltins.compile = lambda *a, **k: None")
        let outcome = await worker.run("print(6 * 7)")
        #expect(outcome.stdout.text == "42\n")
        #expect(outcome.analysis == CodeAnalysis(safetyViolation: nil, parses: true, strippedLength: 12))
    }
}
