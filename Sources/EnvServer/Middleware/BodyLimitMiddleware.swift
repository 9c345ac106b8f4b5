import Hummingbird

/// Refuses a request whose declared `Content-Length` is over the limit
/// before reading a byte of it. Bodies without a length (chunked) are
/// limited while they are read (`Request.jsonBody(limit:)`).
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBodyBytes {
            throw ServerError.bodyTooLarge(limit: maxBodyBytes)
        }
        return try await next(request, context)
    }
}
