import Hummingbird

/// Renders every error thrown by a route (or by the router for an unknown
/// path) as FastAPI would: JSON, with `detail`. A path that exists under
/// other methods gets 405 and `Allow`, not 404, so a client that used the
/// wrong verb is told so.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The methods each known path answers, from the route table.
    let methodsByPath: [String: [HTTPRequest.Method]]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let serverError = translate(error, path: request.uri.path)
            if case .executionFailed(let detail) = serverError {
                context.logger.error("Request failed", metadata: ["error": "\(detail)"])
            }
            return .json(serverError.httpBody, status: serverError.status, headers: serverError.headers)
        }
    }

    private func translate(_ error: any Error, path: String) -> ServerError {
        if let httpError = error as? HTTPError {
            guard httpError.status == .notFound else { return .executionFailed(httpError.body ?? "\(httpError.status)") }
            guard let allowed = methodsByPath[path] else { return .notFound }
            return .methodNotAllowed(allowed: allowed)
        }
        return ServerError(error)
    }
}
