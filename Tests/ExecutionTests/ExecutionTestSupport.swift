import EnvCore
import EnvServer
import Environments
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOPosix
import PythonWorker
import TestSupport

/// One worker pool for these tests, on the `codeenv-zygote` built next to
/// the test bundle, on host ids of its own (clear of the other test
/// targets' zygotes); every sandbox layer may be missing, so the tests run
/// confined wherever the host allows.
enum ExecutionTestPool {
    static let shared = Task {
        try await WorkerPool(
            configuration: .init(
                executable: BuiltProducts.zygote,
                sandbox: SandboxSettings(
                    allowedWeaker: Set(SandboxLayer.allCases), outsideIDBase: 600_000, outsideIDSlots: 1000),
                warmWorkers: 2, eventLoopGroup: MultiThreadedEventLoopGroup.singleton),
            logger: Logger(label: "test.execution"))
    }

    static func executor(
        maxConcurrent: Int = 4, maxQueued: Int = 16, settings: CodingSettings = CodingSettings()
    ) async throws -> OneShotExecutor {
        OneShotExecutor(pool: try await shared.value, settings: settings, maxConcurrent: maxConcurrent, maxQueued: maxQueued)
    }
}

/// A quiet logger: tests assert on responses, not on log lines.
let quietLogger: Logger = {
    var logger = Logger(label: "codeenv-test")
    logger.logLevel = .error
    return logger
}()

/// The echo environment, hosted beside `/execute` (which needs no
/// particular environment).
func executeServer(_ executor: OneShotExecutor) throws -> some ApplicationProtocol {
    var registry = EnvironmentRegistry()
    registry.register("echo", EchoEnvironment.self) { EchoEnvironment() }
    return try EnvServerApplication.make(
        registration: try registry.registration(named: "echo"),
        configuration: ServerConfiguration(host: "127.0.0.1", port: 0), logger: quietLogger, executor: executor)
}

extension TestClientProtocol {
    /// `POST /execute` with `body`; the status, the body as JSON, the
    /// `Retry-After` header.
    func execute(_ body: String) async throws -> (status: HTTPResponse.Status, json: JSONValue, retryAfter: String?) {
        let response = try await execute(uri: "/execute", method: .post, body: ByteBuffer(string: body))
        return (response.status, try JSONParser.parse(response.body.readableBytesView), response.headers[.retryAfter])
    }
}

extension JSONValue {
    /// The member `name` of an object (nil otherwise), for assertions.
    subscript(member name: String) -> JSONValue? { objectValue?[name] }
}
