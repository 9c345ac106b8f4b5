import Hummingbird

/// Counts HTTP responses by status (`codeenv_http_responses_total`). It
/// sits outside the error middleware, so errors are counted with the
/// status clients saw; anything still thrown past it counts as 500.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            metrics.recordResponse(status: response.status.code)
            return response
        } catch {
            metrics.recordResponse(status: (error as? any HTTPResponseError)?.status.code ?? 500)
            throw error
        }
    }
}
