import EnvCore
import Hummingbird

/// Every HTTP route the server answers, in the order `/openapi.json`
/// lists them.
enum RouteTable {
    static func routes<Context: RequestContext>(
        registration: EnvironmentRegistration, sessions: SessionManager, configuration: ServerConfiguration
    ) throws -> [Route<Context>] {
        let table: [Route<Context>] =
            EnvironmentRoutes(registration: registration, sessions: sessions, maxBodyBytes: configuration.maxBodyBytes).routes()
            + (try InfoRoutes(registration: registration).routes())
        return table + DocumentationRoutes(registration: registration).routes(documenting: table)
    }
}
