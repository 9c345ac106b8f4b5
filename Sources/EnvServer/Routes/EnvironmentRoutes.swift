import EnvCore
import Hummingbird

/// `/reset`, `/step`, `/state`: the episode routes. Each handler decodes
/// the request, finds the session, lets it call the environment, and
/// encodes the answer; a request that fails to decode never reaches a
/// session, so it changes nothing.
struct EnvironmentRoutes: Sendable {
    let registration: EnvironmentRegistration
    let sessions: SessionManager
    let maxBodyBytes: Int

    func routes<Context: RequestContext>() -> [Route<Context>] {
        [
            Route(method: .post, path: "/reset", summary: "Reset the environment: a fresh episode", tag: "Environment Control",
                  requestSchema: RequestSchemas.reset, responseSchema: RequestSchemas.stepResult, readsSessionHeader: true) { request, _ in
                try await reset(request)
            },
            Route(method: .post, path: "/step", summary: "Execute an action in the environment", tag: "Environment Control",
                  requestSchema: RequestSchemas.step, responseSchema: RequestSchemas.stepResult, readsSessionHeader: true) { request, _ in
                try await step(request)
            },
            Route(method: .get, path: "/state", summary: "Get current environment state", tag: "State Management",
                  responseSchema: registration.stateSchema, readsSessionHeader: true) { request, _ in
                try await state(request)
            },
        ]
    }

    private func reset(_ request: Request) async throws -> Response {
        let options = try ResetOptions(try await request.jsonBody(limit: maxBodyBytes), locationPrefix: [.key("body")])
        let session = try await sessions.httpSession(id: request.sessionID, create: true)
        return .json(try await session.reset(seed: options.seed, episodeID: options.episodeID))
    }

    private func step(_ request: Request) async throws -> Response {
        let call = try StepCall(body: try await request.jsonBody(limit: maxBodyBytes))
        let session = try await sessions.httpSession(id: request.sessionID, create: false)
        return .json(try await session.step(call.action, context: call.context))
    }

    private func state(_ request: Request) async throws -> Response {
        let session = try await sessions.httpSession(id: request.sessionID, create: false)
        return .json(try await session.state())
    }
}
