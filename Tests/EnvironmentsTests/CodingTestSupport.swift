import EnvCore
import Foundation
import Logging
import NIOPosix
import PythonWorker
import TestSupport

@testable import Environments

/// Coding environments on one shared pool, whose zygote is the `codeenv-zygote`
/// built next to the test bundle; every sandbox layer may be
/// missing, so the tests run confined wherever the host allows.
enum CodingTestPool {
    static let shared = Task {
        try await WorkerPool(
            configuration: .init(
                executable: BuiltProducts.zygote,
                sandbox: SandboxSettings(allowedWeaker: Set(SandboxLayer.allCases)), warmWorkers: 2,
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton),
            logger: Logger(label: "test.coding"))
    }

    static func environment(_ settings: CodingSettings = CodingSettings()) async throws -> CodingEnvironment {
        CodingEnvironment(pool: try await shared.value, settings: settings)
    }
}

extension CodingEnvironment {
    /// One step of `code` with an optional time limit.
    func run(_ code: String, timeout: Duration? = nil) async throws -> StepResult<CodeObservation> {
        try await step(CodeAction(code: code), context: StepContext(timeout: timeout))
    }
}
