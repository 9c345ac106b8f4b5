import EnvCore
import Environments
import Hummingbird

/// `POST /execute`: one program, one fresh worker, no session. The
/// executor bounds how many run and wait; past that the request gets 503
/// with `Retry-After`.
struct ExecuteRoutes: Sendable {
    let executor: OneShotExecutor
    let maxBodyBytes: Int

    func routes<Context: RequestContext>() -> [Route<Context>] {
        [
            Route(method: .post, path: "/execute", summary: "Run a program once on a fresh sandboxed worker",
                  tag: "Execution", requestSchema: RequestSchemas.execute,
                  responseSchema: RequestSchemas.executeResult) { request, _ in
                let call = try ExecuteCall(body: try await request.jsonBody(limit: maxBodyBytes))
                return .json(try await executor.run(call.job).jsonValue)
            },
        ]
    }
}
