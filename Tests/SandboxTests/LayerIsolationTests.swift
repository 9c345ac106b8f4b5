import Foundation
import Testing
import TestSupport

/// Each layer on its own stops the attacks it is for: the other layers are
/// turned off (`--disable`) and the attack is still stopped, by the named
/// layer. Host-side fixtures live under /var/tmp, not /tmp, so that the
/// helper may bind them (the worker's /tmp is its own tmpfs).
@Suite(.enabled(if: SandboxHelper.isAvailable))
final class LayerIsolationTests {
    let fixtures: URL
    var secret: URL { fixtures.appendingPathComponent("secret.txt") }
    var shared: URL { fixtures.appendingPathComponent("shared") }

    init() throws {
        fixtures = URL(fileURLWithPath: "/var/tmp/codeenv-sandbox-tests-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try "host secret".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret.path)
        try "shared data".write(to: shared.appendingPathComponent("data.txt"), atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(at: fixtures)
    }

    func readSecretAndWriteCanary() -> String {
        """
        import errno
        for action in (lambda: open("\(secret.path)").read(), lambda: open("\(fixtures.path)/canary", "w")):
            try:
                action()
                print("done")
            except OSError as e:
                print(errno.errorcode[e.errno])
        """
    }

    @Test func filesystemLayerAloneHidesHostFiles() async throws {
        let outcome = try await SandboxHelper.run(
            readSecretAndWriteCanary(), ["--disable", "rlimits", "--disable", "privileges", "--disable", "seccomp"])
        #expect(outcome.stdout == "ENOENT\nENOENT\n")
        #expect(!FileManager.default.fileExists(atPath: fixtures.appendingPathComponent("canary").path))
    }

    /// With the host's root visible, the unprivileged uid cannot read a
    /// root-only file or write into a root-owned directory.
    @Test func privilegesLayerAloneDeniesHostFiles() async throws {
        let outcome = try await SandboxHelper.run(readSecretAndWriteCanary(), [
            "--disable", "namespaces", "--disable", "filesystem", "--disable", "rlimits", "--disable", "seccomp",
        ])
        #expect(outcome.stdout == "EACCES\nEACCES\n")
        #expect(!FileManager.default.fileExists(atPath: fixtures.appendingPathComponent("canary").path))
    }

    @Test func extraReadOnlyPathIsVisibleAndReadOnly() async throws {
        let outcome = try await SandboxHelper.run("""
            import os
            print(open("\(shared.path)/data.txt").read(), os.listdir("\(fixtures.path)"))
            try:
                open("\(shared.path)/new.txt", "w")
            except OSError as e:
                print(e.strerror)
            """, ["--ro", shared.path])
        #expect(outcome.stdout == "shared data ['shared']\nRead-only file system\n")
    }

    /// What connecting to a listener on the host's loopback prints, from a
    /// worker confined with `options`.
    func connectToHostLoopback(_ options: [String]) async throws -> String {
        let listener = try LoopbackListener()
        defer { listener.close() }
        return try await SandboxHelper.run("""
            import socket
            try:
                socket.create_connection(("127.0.0.1", \(listener.port)), timeout=5)
                print("connected")
            except OSError as e:
                print(e.strerror)
            """, options).stdout
    }

    @Test func networkNamespaceAloneCutsOffTheHostLoopback() async throws {
        #expect(try await connectToHostLoopback(["--disable", "seccomp", "--disable", "privileges"]) == "Network is unreachable\n")
    }

    /// In the host's network namespace the listener is reachable, but the
    /// strict profile gives the worker no socket to reach it with.
    @Test func seccompLayerAloneRefusesSockets() async throws {
        let options = ["--disable", "namespaces", "--disable", "filesystem", "--disable", "privileges"]
        #expect(try await connectToHostLoopback(options) == "Operation not permitted\n")
    }

    /// kill(-1) from pid 1 of the worker's pid namespace finds no process.
    @Test func pidNamespaceAloneHidesEveryOtherProcess() async throws {
        let outcome = try await SandboxHelper.run("""
            import os
            try:
                os.kill(-1, 9)
            except ProcessLookupError:
                print("nothing to kill")
            print(os.getsid(0), os.getpgid(0))
            """, ["--disable", "seccomp", "--disable", "privileges", "--disable", "filesystem"])
        #expect(outcome.stdout == "nothing to kill\n1 1\n")
    }
}
