import AsyncHTTPClient
import EnvCore
import Foundation
import NIOCore
import NIOHTTP1

/// Plain HTTP (`POST /reset`, `POST /step`, `GET /state`), for networks
/// that do not pass WebSockets. Every request carries the client's own
/// `X-Session-Id`, so the client has an environment of its own, as over
/// `/ws`; behind several replicas the ingress must route by that header
/// (see deploy/README.md). `reconnect()` takes a new session id.
///
/// The server creates an `X-Session-Id` session only on `POST /reset`, so a
/// `step` or `state` before any reset first sends that reset itself: a step
/// before reset works as it does over `/ws` (step count 1 in a fresh episode).
actor HTTPTransport: Transport {
    /// Whether the server has this client's session yet.
    private enum SessionStart {
        case notStarted
        /// An implicit reset is on its way; concurrent calls wait for it.
        case starting(Task<Result<Void, EnvClientError>, Never>)
        case started
    }

    /// A step may run up to the server's maximum step time (300 s by default).
    private static let requestTimeout = TimeAmount.seconds(600)
    /// Twice the default output cap per stream, JSON-escaped, with room to spare.
    private static let maxReplyBytes = 64 << 20

    private let baseURL: URL
    private var sessionID = UUID().uuidString
    private var sessionStart = SessionStart.notStarted
    private var isClosed = false

    init(baseURL: URL) {
        self.baseURL = baseURL
    }

    func reset(_ options: [String: JSONValue]) async throws(EnvClientError) -> JSONValue {
        let reply = try await request(.POST, "reset", body: .object(options))
        sessionStart = .started
        return reply
    }

    func step(_ action: [String: JSONValue]) async throws(EnvClientError) -> JSONValue {
        try await startSessionIfNeeded()
        return try await request(.POST, "step", body: ["action": .object(action)])
    }

    func state() async throws(EnvClientError) -> JSONValue {
        try await startSessionIfNeeded()
        return try await request(.GET, "state", body: nil)
    }

    func reconnect() throws(EnvClientError) {
        guard !isClosed else { throw .closed }
        sessionID = UUID().uuidString
        sessionStart = .notStarted
    }

    func close() {
        isClosed = true
    }

    /// Sends the implicit `POST /reset` once; a failed one is retried by
    /// the next call.
    private func startSessionIfNeeded() async throws(EnvClientError) {
        let startedFor = sessionID
        let start: Task<Result<Void, EnvClientError>, Never>
        switch sessionStart {
        case .started: return
        case .starting(let pending): start = pending
        case .notStarted:
            start = Task {
                do throws(EnvClientError) {
                    _ = try await request(.POST, "reset", body: .object([:]))
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            sessionStart = .starting(start)
        }
        let outcome = await start.value
        if case .starting = sessionStart, sessionID == startedFor {
            if case .success = outcome { sessionStart = .started } else { sessionStart = .notStarted }
        }
        try outcome.get()
    }

    private func request(_ method: HTTPMethod, _ path: String, body: JSONValue?) async throws(EnvClientError) -> JSONValue {
        guard !isClosed else { throw .closed }
        let url = baseURL.appendingPathComponent(path).absoluteString
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "X-Session-Id", value: sessionID)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.jsonBytes))
        }
        let status: UInt
        let data: ByteBuffer
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: Self.requestTimeout)
            status = response.status.code
            data = try await response.body.collect(upTo: Self.maxReplyBytes)
        } catch {
            throw .connectionFailed(url: url, reason: "\(error)")
        }
        let bytes = data.readableBytesView
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw .unexpectedReply("\(method) \(path) answered \(status) with \(String(decoding: bytes.prefix(300), as: UTF8.self))")
        }
        guard status == 200 else { throw .refusal(code: "HTTP \(status)", body: json) }
        return json
    }
}
