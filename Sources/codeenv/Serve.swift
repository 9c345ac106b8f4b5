import ArgumentParser
import EnvCore
import EnvServer
import Environments
import Hummingbird
import Logging

/// `codeenv serve`: host one environment over HTTP and `/ws` until
/// interrupted (SIGINT or SIGTERM shut it down gracefully, closing every
/// session).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve an environment over OpenEnv's HTTP and WebSocket protocol.",
        discussion: "CODEENV_ENV, CODEENV_HOST, CODEENV_PORT, CODEENV_MAX_SESSIONS, CODEENV_LOG_FORMAT and CODEENV_LOG_LEVEL, when set, are the defaults of the matching options.")

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "The environment to host; this build has: \(EnvironmentRegistry.builtIn().names.joined(separator: ", ")).")
    var env = EnvironmentDefaults.string("CODEENV_ENV", else: "coding")

    @Option(help: "The address to listen on.")
    var host = EnvironmentDefaults.string("CODEENV_HOST", else: "0.0.0.0")

    @Option(help: "The port to listen on.")
    var port = EnvironmentDefaults.int("CODEENV_PORT", else: 8000)

    @Option(help: "Most environments alive at once (default, X-Session-Id and WebSocket sessions together).")
    var maxSessions = EnvironmentDefaults.int("CODEENV_MAX_SESSIONS", else: 64)

    @Option(help: "Seconds an X-Session-Id or WebSocket session may stay unused before it is closed; 0 keeps them forever.")
    var idleTimeout = 600.0

    @Option(help: "Largest request body or WebSocket message accepted, in bytes.")
    var maxBodyBytes = 10 << 20

    @Option(help: "Log lines as text or as JSON objects.")
    var logFormat = LogFormat(rawValue: EnvironmentDefaults.string("CODEENV_LOG_FORMAT", else: "text")) ?? .text

    @Option(help: "Lowest level logged: trace, debug, info, notice, warning, error, critical.")
    var logLevel = EnvironmentDefaults.string("CODEENV_LOG_LEVEL", else: "info")

    @Option(help: "Seconds a WebSocket connection may stay open after SIGTERM or SIGINT: clients are asked to close at once, and one that does not answer is cut after this.")
    var shutdownGrace = 15.0

    @Flag(help: "Refuse requests without an X-Session-Id header instead of sharing one default environment.")
    var noDefaultSession = false

    @OptionGroup(title: "Coding environment and sandbox")
    var coding: CodingOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxSessions >= 1 else { throw ValidationError("--max-sessions must be at least 1") }
        guard idleTimeout >= 0 else { throw ValidationError("--idle-timeout must be 0 (never) or more seconds") }
        guard shutdownGrace >= 0 else { throw ValidationError("--shutdown-grace must be 0 or more seconds") }
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        do {
            _ = try EnvironmentRegistry.builtIn().registration(named: env)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let format = logFormat
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                switch format {
                case .json: JSONLogHandler(label: label)
                case .text: StreamLogHandler.standardOutput(label: label)
                }
            handler.logLevel = level
            return handler
        }
        let configuration = ServerConfiguration(
            host: host, port: port, maxSessions: maxSessions,
            idleTimeout: idleTimeout > 0 ? .milliseconds(Int64(idleTimeout * 1000)) : nil,
            maxBodyBytes: maxBodyBytes, defaultSessionEnabled: !noDefaultSession,
            shutdownGrace: .milliseconds(Int64(shutdownGrace * 1000)))
        let logger = Logger(label: "codeenv")
        let metrics = ServerMetrics()
        let codingPool = env == "coding" ? try await coding.startPool(logger: logger, metrics: metrics.workerMetrics) : nil
        let registration = try EnvironmentRegistry.builtIn(codingPool: codingPool, codingSettings: coding.settings)
            .registration(named: env)
        logger.info("Serving \(registration.descriptor.name) (--env \(env))")
        let executor = codingPool.map {
            OneShotExecutor(pool: $0, settings: coding.settings, maxConcurrent: coding.maxConcurrentExecutions,
                            maxQueued: coding.maxQueuedExecutions)
        }
        let application = try EnvServerApplication.make(
            registration: registration, configuration: configuration, logger: logger, executor: executor,
            metrics: metrics)
        do {
            try await application.runService()
        } catch {
            await codingPool?.shutdown()
            throw error
        }
        await codingPool?.shutdown()
    }
}
