import Foundation
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `codeenv serve` (the binary built next to the test bundle) on a
/// free loopback port, for the client to talk to; SIGTERM'ed by `stop()`.
final class ServerProcess: Sendable {
    let baseURL: URL
    private let process: Process


    /// `environment` is passed as `CODEENV_ENV` (so the test also shows
    /// that `serve` reads it); each server's workers get host ids of their
    /// own (`idBase`), clear of the other test targets' zygotes.
    init(environment: String, idBase: Int, extraArguments: [String] = []) async throws {
        let port = Int.random(in: 20_000..<60_000)
        baseURL = URL(string: "http://127.0.0.1:\(port)")!
        process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.codeenv)
        process.arguments = [
            "serve", "--host", "127.0.0.1", "--log-level", "error", "--worker-pool-size", "1",
            "--worker-id-base", "\(idBase)",
        ] + extraArguments
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["CODEENV_ENV": environment, "CODEENV_PORT": "\(port)"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<300 {
            if await isHealthy() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        stop()
        throw ServerStartError(environment: environment)
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    private func isHealthy() async -> Bool {
        guard let (data, _) = try? await URLSession.shared.data(from: baseURL.appendingPathComponent("health")) else {
            return false
        }
        return String(decoding: data, as: UTF8.self).contains("healthy")
    }
}

struct ServerStartError: Error, CustomStringConvertible {
    var environment: String
    var description: String { "codeenv serve (CODEENV_ENV=\(environment)) never became healthy" }
}
