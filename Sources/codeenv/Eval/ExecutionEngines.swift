import EnvCore
import Environments
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
    let executeURL: URL
    let session: URLSession

    /// `server` is the server's base URL, e.g. `http://localhost:8000`.
    init(server: URL) {
        executeURL = server.appendingPathComponent("execute")
        let configuration = URLSessionConfiguration.default
        configuration.timeoutIntervalForRequest = 3600
        session = URLSession(configuration: configuration)
    }

    func run(_ job: ExecutionJob) async throws -> ExecutionResult {
        var body: [String: JSONValue] = ["code": .string(job.code), "stdin": .string(job.stdin)]
        if let timeout = job.timeout { body["timeout_s"] = .double(StepReport.seconds(timeout)) }
        var request = URLRequest(url: executeURL)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(JSONValue.object(body).jsonBytes)
        while true {
            let (data, response) = try await session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            if status == 503 {
                let wait = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Retry-After").flatMap(Double.init) ?? 1
                try await Task.sleep(for: .milliseconds(Int64(max(wait, 0.05) * 1000)))
                continue
            }
            let text = String(decoding: data, as: UTF8.self)
            guard status == 200, let json = try? JSONParser.parse(data), let result = ExecutionResult(json: json) else {
                throw EvalError.remote("POST \(executeURL.absoluteString) answered \(status): \(text.prefix(500))")
            }
            return result
        }
    }
}
