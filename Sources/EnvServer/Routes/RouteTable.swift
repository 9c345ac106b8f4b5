import EnvCore
import Environments
import Hummingbird

/// Every HTTP route the server answers, in the order `/openapi.json`
/// lists them. `/execute` exists when the server has a worker pool.
enum RouteTable {
    static func routes<Context: RequestContext>(
        registration: EnvironmentRegistration, sessions: SessionManager, configuration: ServerConfiguration,
        executor: OneShotExecutor? = nil
    ) throws -> [Route<Context>] {
        let table: [Route<Context>] =
            EnvironmentRoutes(registration: registration, sessions: sessions, maxBodyBytes: configuration.maxBodyBytes).routes()
            + (executor.map { ExecuteRoutes(executor: $0, maxBodyBytes: configuration.maxBodyBytes).routes() } ?? [])
            + (try InfoRoutes(registration: registration).routes())
        return table + DocumentationRoutes(registration: registration).routes(documenting: table)
    }
}
