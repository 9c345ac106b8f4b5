import Hummingbird
import Logging

/// One line per request at info: method, path, status, duration, and the
/// session header when there is one. With `--log-format json` the same
/// fields become one JSON object per line.
struct RequestLoggingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: response.status.code, since: start, context: context)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, status: status, since: start, context: context)
            throw error
        }
    }

    /// Builds nothing when info is not logged: the line's fields cost more
    /// than the rest of a small request.
    private func log(_ request: Request, status: Int, since start: ContinuousClock.Instant, context: Context) {
        guard context.logger.logLevel <= .info else { return }
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "status": .stringConvertible(status),
            "duration_ms": .string(Self.milliseconds(ContinuousClock.now - start)),
        ]
        if let session = request.sessionID {
            metadata["session"] = .string(session)
        }
        context.logger.info("\(request.method.rawValue) \(request.uri.path) \(status)", metadata: metadata)
    }

    /// Milliseconds with two decimals ("12.34"), rounded half up; Foundation's
    /// `String(format:)` took as long as the rest of the log line.
    static func milliseconds(_ elapsed: Duration) -> String {
        let (seconds, attoseconds) = elapsed.components
        let hundredths = seconds * 100_000 + (attoseconds + 5_000_000_000_000) / 10_000_000_000_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
