import Hummingbird

/// `GET /metrics`: the server's counters in Prometheus' text format.
struct MetricsRoutes: Sendable {
    let metrics: ServerMetrics
    let sessions: SessionManager

    func routes<Context: RequestContext>() -> [Route<Context>] {
        [
            Route(method: .get, path: "/metrics", summary: "Prometheus metrics of this server", tag: "Monitoring",
                  responseMediaType: "text/plain") { _, _ in
                // A gauge read when scraped: the session table is the truth.
                metrics.recordActiveSessions(await sessions.activeCount)
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
            }
        ]
    }
}
