import Foundation
import TestSupport
import Testing

/// `codeenv run`, the built binary, as a user runs it: locally with the
/// full sandbox (no layer may be missing, as `serve` defaults) and against
/// a server.
@Suite(.serialized)
struct RunCommandTests {
    @Test func printsTheProgramsOutputAndExitsWithItsCode() async throws {
        let run = try await CodeenvRun.run(["-c", "import sys; print(1); sys.exit(3)"])
        #expect(run.stdout == "1\n")
        #expect(run.stderr == "")
        #expect(run.status == 3)
    }

    @Test func runsAFileWithThisCommandsStdin() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let script = directory.url.appendingPathComponent("reverse.py")
        try "import sys\nprint(input()[::-1])\nraise SystemExit('bye')\n".write(to: script, atomically: true, encoding: .utf8)
        let run = try await CodeenvRun.run([script.path], stdin: "abc\n")
        #expect(run.stdout == "cba\n")
        #expect(run.stderr == "bye\n")
        #expect(run.status == 1)
    }

    @Test func aMissingZygoteIsAnErrorThatSaysWhereItLooked() async throws {
        let run = try await CodeenvRun.run(["--zygote", "/nonexistent/codeenv-zygote", "-c", "print(1)"])
        #expect(run.stdout == "")
        #expect(run.stderr.contains("no executable codeenv-zygote at /nonexistent/codeenv-zygote"))
        #expect(run.status != 0)
    }

    @Test func anUncaughtExceptionIsATracebackAndExitCode1() async throws {
        let run = try await CodeenvRun.run(["-c", "1 / 0"])
        #expect(run.stderr.hasSuffix("ZeroDivisionError: division by zero\n"))
        #expect(run.status == 1)
    }

    @Test func outputArrivesWhileTheProgramStillRuns() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.codeenv)
        process.arguments = ["run", "--worker-id-base", "720000", "-c",
                             "import time\nprint('first')\ntime.sleep(3)\nprint('second')"]
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        let (first, stillRunning, rest) = try await offThePool {
            try process.run()
            // A print may reach the relay as two writes ("first", then "\n"), as on python3 -u.
            var first = Data()
            while !first.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                first += chunk
            }
            let stillRunning = process.isRunning
            let rest = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (first, stillRunning, rest)
        }
        #expect(String(decoding: first, as: UTF8.self) == "first\n")
        #expect(stillRunning)
        #expect(String(decoding: rest, as: UTF8.self) == "second\n")
    }

    @Test func aHardKillKeepsTheOutputSoFarAndSaysWhy() async throws {
        let run = try await CodeenvRun.run(["--timeout", "0.5", "--kill-grace", "0.5", "-c", """
            import time
            print('before', flush=True)
            while True:
                try:
                    time.sleep(10)
                except KeyboardInterrupt:
                    pass
            """])
        #expect(run.stdout == "before\n")
        #expect(run.stderr.hasPrefix("codeenv: killed: the code did not stop within 0.5 s plus 0.5 s of grace"))
        #expect(run.status == 137)
    }

    @Test func aMissingFileIsCodeenvsOwnFailure() async throws {
        let run = try await CodeenvRun.run(["/nonexistent/program.py"])
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("codeenv run: "))
        #expect(run.status == 125)
    }

    @Test func aHostFileOutsideTmpCannotBeRead() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let secret = directory.url.appendingPathComponent("secret.txt")
        try "host secret".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret.path)
        let run = try await CodeenvRun.run(["-c", """
            try:
                print(open('\(secret.path)').read())
            except OSError as e:
                print(type(e).__name__, e.errno)
            """])
        #expect(run.stdout == "FileNotFoundError 2\n")
        #expect(run.status == 0)
    }

    @Test func forkIsRefusedUnderTheStrictProfile() async throws {
        let run = try await CodeenvRun.run(["-c", """
            import os
            try:
                os.fork()
                print("not stopped")
            except OSError as e:
                print(type(e).__name__, e.errno)
            """])
        #expect(run.stdout == "PermissionError 1\n")
    }

    /// Permissive lets the program start processes; `kill(-1)` still
    /// reaches only its own, never a host process.
    @Test func killMinusOneReachesNothingOutside() async throws {
        let bystander = Process()
        bystander.executableURL = URL(fileURLWithPath: "/bin/sleep")
        bystander.arguments = ["60"]
        try bystander.run()
        defer {
            // SIGKILL: under the test runner, SIGTERM left it running its full minute.
            kill(bystander.processIdentifier, SIGKILL)
            bystander.waitUntilExit()
        }
        let run = try await CodeenvRun.run(["--seccomp-profile", "permissive", "-c", """
            import os, subprocess
            child = subprocess.Popen(['sleep', '1000'])
            os.kill(-1, 9)
            print(child.wait())
            """])
        #expect(run.stdout == "-9\n")
        #expect(bystander.isRunning)
    }

    @Test func againstAServerItRunsOnPostExecute() async throws {
        let server = try await ServedCodeenv(environment: "coding", idBase: 730_000)
        defer { server.stop() }
        let run = try await CodeenvRun.run(
            ["--server", server.baseURL.absoluteString, "-c", "import sys; print(input()); sys.exit(3)"], stdin: "over http\n",
            idBase: nil)
        #expect(run.stdout == "over http\n")
        #expect(run.status == 3)
    }
}

/// One finished `codeenv run`: its output and exit status.
struct CodeenvRun {
    /// Runs it on a thread of its own: waiting for it on one of the few
    /// cooperative threads starved the in-process servers of other suites
    /// running meanwhile (a `/ws` test once waited 10 s for an echo).
    static func run(_ arguments: [String], stdin: String = "", idBase: Int? = 720_000) async throws -> CodeenvRun {
        try await offThePool { try CodeenvRun(arguments, stdin: stdin, idBase: idBase) }
    }

    var stdout: String
    var stderr: String
    var status: Int32

    /// Local runs get host ids of their own (`idBase`), clear of the other
    /// test targets' zygotes.
    init(_ arguments: [String], stdin: String = "", idBase: Int? = 720_000) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.codeenv)
        process.arguments = ["run"] + (idBase.map { ["--worker-id-base", "\($0)"] } ?? []) + arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let stdoutData = output.fileHandleForReading.readDataToEndOfFile()
        let stderrData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        stdout = String(decoding: stdoutData, as: UTF8.self)
        stderr = String(decoding: stderrData, as: UTF8.self)
        status = process.terminationStatus
    }
}

/// A directory outside /tmp (the workers' /tmp is their own and would hide
/// nothing), removed by `remove()`.
struct ScratchDirectory {
    let url = URL(fileURLWithPath: "/var/tmp/codeenv-run-test-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
