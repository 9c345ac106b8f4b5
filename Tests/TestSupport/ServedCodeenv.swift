import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `codeenv serve` child process (the binary built next to the test
/// bundle) on a loopback port the kernel has just handed out, returned once
/// its `/health` answers; `stop()` SIGTERMs it and waits.
///
/// What it prints goes to a file of its own, so a server that exits before
/// answering, or never answers, fails its test with its own words rather
/// than a bare timeout. A port can still be taken between being chosen and
/// being bound (any client connection of a concurrent test may hold it as
/// its local port); a server refused for that is started again on another.
public final class ServedCodeenv: Sendable {
    public let port: UInt16
    private let process: Process
    private let output: URL

    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// `arguments` follow `serve --host 127.0.0.1 --port PORT`;
    /// `environment` is added to the test process's own.
    public init(arguments: [String], environment: [String: String] = [:], startTimeout: Duration = .seconds(60))
        async throws
    {
        (port, process, output) = try await Self.launch(arguments, environment, startTimeout)
    }

    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: output)
    }

    private static let attempts = 3

    private static func launch(_ arguments: [String], _ environment: [String: String], _ timeout: Duration)
        async throws -> (UInt16, Process, URL)
    {
        var attempt = 1
        while true {
            let port = try LoopbackListener.freePort()
            let output = FileManager.default.temporaryDirectory
                .appendingPathComponent("codeenv-serve-\(port)-\(UUID().uuidString).log")
            let process = try start(["serve", "--host", "127.0.0.1", "--port", "\(port)"] + arguments,
                                    environment, printingTo: output)
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline, process.isRunning {
                if await isHealthy(port) { return (port, process, output) }
                try await Task.sleep(for: .milliseconds(50))
            }
            let exited = !process.isRunning
            if !exited {
                process.terminate()
                process.waitUntilExit()
            }
            let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: output)
            if exited, printed.contains("Address already in use"), attempt < attempts {
                attempt += 1
                continue
            }
            let outcome = exited ? "exited with status \(process.terminationStatus)" : "did not answer within \(timeout)"
            throw SetupError(description: "codeenv \(arguments.joined(separator: " ")) on port \(port) \(outcome) before /health answered; it printed:\n\(printed.suffix(4000))")
        }
    }

    private static func start(_ arguments: [String], _ environment: [String: String], printingTo output: URL)
        throws -> Process
    {
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw SetupError(description: "could not create \(output.path)")
        }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProducts.codeenv)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    private static func isHealthy(_ port: UInt16) async -> Bool {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/health")!)
        request.timeoutInterval = 5
        guard let (data, _) = try? await URLSession.shared.data(for: request) else { return false }
        return String(decoding: data, as: UTF8.self).contains("healthy")
    }
}
