import Foundation
import Testing
import TestSupport

/// Hostile code sent through the real server (`codeenv serve`, its zygote
/// and workers, over HTTP). Each case asserts the answer that only the
/// layer named in its description produces; after each one the server is
/// healthy, a bystander session opened before the case still has its
/// variable and answers promptly (well inside any time limit, with room
/// for the other suites sharing two cores), no process the case started is
/// left once its step ends, and the host's secret and canary are
/// untouched.
@Suite(.enabled(if: SandboxHelper.isAvailable), .serialized, HostileServers())
struct HostileCodeTests {
    @Test(arguments: HostileCase.all)
    func hostileCodeIsStoppedAndLeavesTheServiceIntact(_ hostile: HostileCase) async throws {
        let fixtures = try #require(HostileServers.current)
        let server = hostile.profile == "strict" ? fixtures.strict : fixtures.permissive
        let session = "hostile-\(UUID().uuidString)"
        try await server.reset(session: session)
        var observation: CodingServer.Observation?
        for code in hostile.steps {
            observation = try await server.step(session: session, fixtures.substitute(code), timeout: hostile.timeout)
        }
        try hostile.expectation.check(#require(observation))

        #expect(try await server.health() == "healthy")
        let start = ContinuousClock.now
        let bystander = try await server.step(session: HostileServers.bystander, "print(x)")
        #expect(bystander.stdout == "42\n")
        #expect(ContinuousClock.now - start < .seconds(5))
        // The worker ends every process a step started when the step ends.
        #expect(try await eventually { server.strayProcesses().isEmpty })
        #expect(try String(contentsOf: fixtures.secret, encoding: .utf8) == HostileServers.secretText)
        #expect(!FileManager.default.fileExists(atPath: fixtures.canary.path))
    }

    private func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<40 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }
}

/// The suite's fixtures, set up once around all its cases: a strict and a
/// permissive server, each with a bystander session holding `x = 42`; a
/// root-only secret file and the path of a canary file on the host; a TCP
/// listener on the host's loopback.
struct HostileServers: SuiteTrait, TestScoping {
    @TaskLocal static var current: Fixtures?

    static let bystander = "bystander"
    /// What a snooping case must not see: a variable and a file in /tmp.
    static let bystanderCode = "x = 42\nopen('/tmp/bystander.txt', 'w').write('private')"
    static let secretText = "host secret"

    final class Fixtures: Sendable {
        let strict: CodingServer
        let permissive: CodingServer
        let directory: URL
        let listener: LoopbackListener
        var secret: URL { directory.appendingPathComponent("secret.txt") }
        var canary: URL { directory.appendingPathComponent("canary.txt") }

        /// Outside /tmp: the workers' /tmp is their own, and so would hide
        /// nothing a case tries to reach.
        init() async throws {
            directory = URL(fileURLWithPath: "/var/tmp/codeenv-hostile-\(getpid())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try HostileServers.secretText.write(to: directory.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory.appendingPathComponent("secret.txt").path)
            listener = try LoopbackListener()
            // Id ranges of their own, clear of the defaults other tests use.
            let idBase = 10_000_000 + UInt32(getpid() % 10_000) * 70_000
            strict = try await CodingServer(profile: "strict", idBase: idBase)
            do {
                permissive = try await CodingServer(profile: "permissive", idBase: idBase + 35_000)
            } catch {
                strict.stop()
                throw error
            }
            for server in [strict, permissive] {
                try await server.reset(session: HostileServers.bystander)
                _ = try await server.step(session: HostileServers.bystander, HostileServers.bystanderCode)
            }
        }

        func substitute(_ code: String) -> String {
            code.replacingOccurrences(of: "{SECRET}", with: secret.path)
                .replacingOccurrences(of: "{CANARY}", with: canary.path)
                .replacingOccurrences(of: "{PORT}", with: "\(listener.port)")
        }

        func tearDown() {
            strict.stop()
            permissive.stop()
            listener.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let fixtures = try await Fixtures()
        defer { fixtures.tearDown() }
        try await Self.$current.withValue(fixtures) { try await function() }
    }
}
