import EnvCore
import Hummingbird

/// One HTTP endpoint: where it is, what it does, and what it documents.
/// The router is built from a list of these, and so is `/openapi.json`,
/// so the two cannot drift apart.
struct Route<Context: RequestContext>: Sendable {
    var method: HTTPRequest.Method
    var path: String
    var summary: String
    var tag: String
    /// The JSON body schema the route reads, for the OpenAPI document.
    var requestSchema: JSONSchema?
    /// The 200 response's schema; nil for non-JSON responses.
    var responseSchema: JSONSchema?
    /// The response's media type, when it is not JSON.
    var responseMediaType: String = "application/json"
    /// Whether `X-Session-Id` selects the session the route works on.
    var readsSessionHeader = false
    var handler: @Sendable (Request, Context) async throws -> Response
}

extension Router {
    /// Registers every route of the table, in order.
    func add(_ routes: [Route<Context>]) {
        for route in routes {
            on(RouterPath(route.path), method: route.method, use: route.handler)
        }
    }
}

extension Array {
    /// The methods each path answers, for 405 responses.
    func methodsByPath<Context>() -> [String: [HTTPRequest.Method]] where Element == Route<Context> {
        Dictionary(grouping: self, by: \.path).mapValues { $0.map(\.method) }
    }
}
