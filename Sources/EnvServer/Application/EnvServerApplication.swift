import EnvCore
import Environments
import Hummingbird
import HummingbirdCore
import Logging

/// Builds the HTTP + WebSocket server for one environment: the route
/// table behind the middleware chain (log → count → render errors → body
/// limit), `/ws` upgraded on the connection's own pipeline
/// (`WebSocketUpgradeChannel`), and the session manager as a service so its
/// reaper runs with the server and its sessions close when it stops.
public enum EnvServerApplication {
    public static func make(
        registration: EnvironmentRegistration, configuration: ServerConfiguration, logger: Logger,
        executor: OneShotExecutor? = nil, metrics: ServerMetrics = ServerMetrics()
    ) throws -> some ApplicationProtocol {
        let sessions = SessionManager(
            registration: registration, configuration: configuration, logger: logger,
            metrics: metrics.environmentMetrics(environment: registration.name))
        let routes: [Route<BasicRequestContext>] = try RouteTable.routes(
            registration: registration, sessions: sessions, configuration: configuration, metrics: metrics,
            executor: executor)
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestLoggingMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware(methodsByPath: routes.methodsByPath()))
        router.add(middleware: BodyLimitMiddleware(maxBodyBytes: configuration.maxBodyBytes))
        router.add(routes)

        let endpoint = WebSocketEndpoint(
            sessions: sessions, maxMessageBytes: configuration.maxBodyBytes, shutdownGrace: configuration.shutdownGrace)

        return Application(
            router: router,
            server: HTTPServerBuilder { responder in WebSocketUpgradeChannel(responder: responder, endpoint: endpoint) },
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "codeenv"),
            services: [sessions],
            logger: logger)
    }
}
