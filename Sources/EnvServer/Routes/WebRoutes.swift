import Hummingbird

/// `GET /web`: the browser UI, one self-contained page compiled into the
/// binary (`Web/web.html`); it reads `/schema` and talks over `/ws`.
struct WebRoutes: Sendable {
    static let page = ByteBuffer(bytes: PackageResources.web_html)

    func routes<Context: RequestContext>() -> [Route<Context>] {
        [
            Route(method: .get, path: "/web", summary: "A browser UI to reset, step and inspect the environment", tag: "Web",
                  responseMediaType: "text/html") { _, _ in
                Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: Self.page))
            }
        ]
    }
}
