import Hummingbird
import Logging

/// One `RequestLogLine` per request, written when the response (or the
/// error that becomes one) is known.
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

    private func log(_ request: Request, status: Int, since start: ContinuousClock.Instant, context: Context) {
        RequestLogLine.write(
            to: context.logger, method: request.method.rawValue, path: request.uri.path, status: status,
            duration: ContinuousClock.now - start, session: request.sessionID)
    }
}
