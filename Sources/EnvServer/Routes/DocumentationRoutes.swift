import EnvCore
import Hummingbird

/// `/openapi.json` and `/docs`. The document is rendered once, from the
/// route table itself (these two routes included), when the server starts.
struct DocumentationRoutes: Sendable {
    let registration: EnvironmentRegistration

    func routes<Context: RequestContext>(documenting table: [Route<Context>]) -> [Route<Context>] {
        let described = table + [Self.openAPIRoute(document: .null), Self.docsRoute()]
        let document = OpenAPIDocument(registration: registration).render(described)
        return [Self.openAPIRoute(document: document), Self.docsRoute()]
    }

    private static func openAPIRoute<Context: RequestContext>(document: JSONValue) -> Route<Context> {
        Route(method: .get, path: "/openapi.json", summary: "This API as an OpenAPI 3 document", tag: "Documentation",
              responseSchema: .freeFormObject()) { _, _ in
            .json(document)
        }
    }

    private static func docsRoute<Context: RequestContext>() -> Route<Context> {
        Route(method: .get, path: "/docs", summary: "A page that renders the OpenAPI document", tag: "Documentation",
              responseMediaType: "text/html") { _, _ in
            .text(DocsPage.html, contentType: "text/html; charset=utf-8")
        }
    }
}
