import AsyncHTTPClient
import EnvCore
import Environments
import Foundation
import NIOCore
import NIOHTTP1

/// Where `codeenv eval` runs its programs: in this process's own worker
/// pool, or on a codeenv server's `POST /execute`. Both give every
/// program a fresh confined worker.
protocol ExecutionEngine: Sendable {
    func run(_ job: ExecutionJob) async throws -> ExecutionResult
}

/// Programs run by a zygote and pool this process started.
struct LocalEngine: ExecutionEngine {
    let executor: OneShotExecutor

    func run(_ job: ExecutionJob) async throws -> ExecutionResult {
        try await executor.run(job)
    }
}

/// Programs run by a codeenv server. A busy server's 503 is waited out
/// (its `Retry-After`, else a second) rather than counted as a failure.
struct RemoteEngine: ExecutionEngine {
    /// Longer than any time limit a server accepts.
    private static let requestTimeout = TimeAmount.hours(1)
    /// Two capped output streams, JSON-escaped, with room to spare.
    private static let maxReplyBytes = 64 << 20

    let executeURL: URL

    /// `server` is the server's base URL, e.g. `http://localhost:8000`.
    init(server: URL) {
        executeURL = server.appendingPathComponent("execute")
    }

    func run(_ job: ExecutionJob) async throws -> ExecutionResult {
        var body: [String: JSONValue] = ["code": .string(job.code), "stdin": .string(job.stdin)]
        if let timeout = job.timeout { body["timeout_s"] = .double(StepReport.seconds(timeout)) }
        var request = HTTPClientRequest(url: executeURL.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: JSONValue.object(body).jsonBytes))
        while true {
            let response = try await HTTPClient.shared.execute(request, timeout: Self.requestTimeout)
            let reply = try await response.body.collect(upTo: Self.maxReplyBytes)
            if response.status == .serviceUnavailable {
                let wait = response.headers.first(name: "Retry-After").flatMap(Double.init) ?? 1
                try await Task.sleep(for: .milliseconds(Int64(max(wait, 0.05) * 1000)))
                continue
            }
            let bytes = reply.readableBytesView
            guard response.status == .ok, let json = try? JSONParser.parse(bytes), let result = ExecutionResult(json: json) else {
                let text = String(decoding: bytes.prefix(500), as: UTF8.self)
                throw EvalError.remote("POST \(executeURL.absoluteString) answered \(response.status.code): \(text)")
            }
            return result
        }
    }
}
