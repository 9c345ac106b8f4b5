import Foundation
import Logging
import NIOPosix
import TestSupport
import Testing

@testable import PythonWorker

/// Workers for tests: a pool on the `codeenv-zygote` built next to the
/// test bundle, with every sandbox layer allowed to be missing, so the
/// tests run confined wherever the host can confine them.
enum TestWorkers {
    static let settings = SandboxSettings(allowedWeaker: Set(SandboxLayer.allCases), outsideIDSlots: 1000)

    /// One pool shared by the tests that do not disturb the zygote.
    static let shared = Task { try await makePool(idRange: 0) }

    /// `idRange` keeps each test zygote's workers on host ids of their own
    /// (and clear of the coding environment tests' zygote).
    static func makePool(warmWorkers: Int = 2, idRange: UInt32) async throws -> WorkerPool {
        var sandbox = settings
        sandbox.outsideIDBase = 300_000 + idRange * 2 * settings.outsideIDSlots
        return try await WorkerPool(
            configuration: .init(
                executable: BuiltProducts.zygote, sandbox: sandbox, warmWorkers: warmWorkers,
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton),
            logger: Logger(label: "test.pool"))
    }

    static func worker() async throws -> Worker {
        try await shared.value.acquire()
    }
}

extension Worker {
    /// Runs `code` with test-sized limits.
    func run(_ code: String, timeLimit: Double = 5, outputLimit: Int = 1 << 20, grace: Duration = .seconds(1)) async
        -> WorkerStepOutcome
    {
        await execute(
            ExecuteRequest(code: code, timeLimit: timeLimit, outputLimit: outputLimit),
            hardDeadline: .milliseconds(Int64(timeLimit * 1000)) + grace)
    }
}

extension WorkerStepOutcome {
    var exitCode: Int32? {
        if case .completed(let code, _) = ending { return code }
        return nil
    }
}

/// Children of this process and its open descriptors, to show nothing leaks.
enum ProcessCensus {
    static func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    /// Pids whose parent is `parent`.
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }
}
