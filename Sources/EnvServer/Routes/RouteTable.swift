import EnvCore
import Environments
import Hummingbird

/// Every HTTP route the server answers, in the order `/openapi.json`
/// lists them. `/execute` exists when the server has a worker pool.
/// `/mcp`, `/web` and `/metrics` come last: they serve other clients
/// (MCP hosts, people, Prometheus) on top of the environment protocol.
enum RouteTable {
    static func routes<Context: RequestContext>(
        registration: EnvironmentRegistration, sessions: SessionManager, configuration: ServerConfiguration,
        metrics: ServerMetrics, executor: OneShotExecutor? = nil
    ) throws -> [Route<Context>] {
        let table: [Route<Context>] =
            EnvironmentRoutes(registration: registration, sessions: sessions, maxBodyBytes: configuration.maxBodyBytes).routes()
            + (executor.map { ExecuteRoutes(executor: $0, maxBodyBytes: configuration.maxBodyBytes).routes() } ?? [])
            + (try InfoRoutes(registration: registration).routes())
            + MCPRoutes(registration: registration, sessions: sessions, maxBodyBytes: configuration.maxBodyBytes).routes()
            + WebRoutes().routes()
            + MetricsRoutes(metrics: metrics, sessions: sessions).routes()
        return table + DocumentationRoutes(registration: registration).routes(documenting: table)
    }
}
