import Foundation
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `codeenv serve --env coding` process, with its zygote and
/// workers, on a free loopback port: the hostile-code suite's target. Its
/// workers map to a host id range of their own (`idBase`), so the test can
/// find every process they left behind.
final class CodingServer: Sendable {
    /// What one step answered.
    struct Observation: Sendable {
        var stdout: String
        var stderr: String
        var exitCode: Int
        var timedOut: Bool
        var workerExited: Bool

        /// The exception line of a traceback.
        var lastStderrLine: String {
            stderr.split(separator: "\n").last.map(String.init) ?? ""
        }
    }

    let profile: String
    let idBase: UInt32
    private let server: ServedCodeenv

    /// Small limits, so that bombs hit them quickly.
    static func arguments(profile: String, idBase: UInt32) -> [String] {
        [
            "--env", "coding", "--log-level", "error",
            "--seccomp-profile", profile, "--worker-pool-size", "2", "--memory-limit", "\(512 << 20)",
            "--max-processes", "32", "--max-open-files", "64", "--tmpfs-size", "\(16 << 20)",
            "--max-file-size", "\(8 << 20)", "--cpu-limit", "60", "--worker-id-base", "\(idBase)",
        ]
    }

    /// Starts the server and waits until `/health` answers.
    init(profile: String, idBase: UInt32) async throws {
        self.profile = profile
        self.idBase = idBase
        server = try await ServedCodeenv(arguments: Self.arguments(profile: profile, idBase: idBase))
    }

    /// SIGTERM, then waits: the zygote kills its workers when the server goes.
    func stop() {
        server.stop()
    }

    func health() async throws -> String? {
        try await request("GET", "/health", session: nil, body: nil)["status"] as? String
    }

    func reset(session: String) async throws {
        _ = try await request("POST", "/reset", session: session, body: [:])
    }

    func step(session: String, _ code: String, timeout: Double? = nil) async throws -> Observation {
        var body: [String: Any] = ["action": ["code": code]]
        if let timeout { body["timeout_s"] = timeout }
        let reply = try await request("POST", "/step", session: session, body: body)
        guard let observation = reply["observation"] as? [String: Any] else {
            throw SetupError(description: "step answered \(reply)")
        }
        let metadata = observation["metadata"] as? [String: Any] ?? [:]
        return Observation(
            stdout: observation["stdout"] as? String ?? "", stderr: observation["stderr"] as? String ?? "",
            exitCode: observation["exit_code"] as? Int ?? -1, timedOut: metadata["timed_out"] as? Bool ?? false,
            workerExited: metadata["worker_exited"] as? Bool ?? false)
    }

    private func request(_ method: String, _ path: String, session: String?, body: [String: Any]?) async throws -> [String: Any] {
        var request = URLRequest(url: server.baseURL.appendingPathComponent(path))
        request.httpMethod = method
        request.timeoutInterval = 120
        if let session { request.setValue(session, forHTTPHeaderField: "X-Session-Id") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw SetupError(description: "\(method) \(path) answered \(String(decoding: data, as: UTF8.self))")
        }
        return object
    }

    /// Host processes running as one of this server's worker ids that are
    /// not a worker (pid 2 of its namespace) or its init (pid 1): what a hostile step
    /// started and left behind. `NSpid:` lists a process's pid in each pid
    /// namespace it is in, the innermost last.
    func strayProcesses() -> [String] {
        let ids = UInt64(idBase)..<UInt64(idBase) + 2 * 16_384
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
            let fields = Dictionary(
                status.split(separator: "\n").compactMap { line -> (String, [Substring])? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2 else { return nil }
                    return (String(parts[0]), parts[1].split(whereSeparator: \.isWhitespace))
                }, uniquingKeysWith: { first, _ in first })
            guard let uid = fields["Uid"]?.first.flatMap({ UInt64($0) }), ids.contains(uid),
                !["1", "2"].contains(fields["NSpid"]?.last)
            else { return nil }
            return "\(pid) \(fields["Name"]?.first ?? "")"
        }
    }
}
