import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /web`: the page is served whole, with nothing loaded from
/// elsewhere. (Tests/python/test_web.py drives it in headless Chromium.)
@Suite struct WebRouteTests {
    @Test func webServesTheSelfContainedPage() async throws {
        try await makeServer().test(.router) { client in
            let response = try await client.send(.get, "/web")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let page = String(buffer: response.body)
            #expect(page.hasPrefix("<!doctype html>"))
            #expect(page.contains("fetch(\"/schema\")"))
            #expect(page.contains("\"/ws\""))
            #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("src="))
        }
    }
}
