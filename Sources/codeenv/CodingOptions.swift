import ArgumentParser
import Foundation
import Environments
import Logging
import NIOPosix
import PythonWorker

extension SandboxLayer: ExpressibleByArgument {}
extension SeccompProfile: ExpressibleByArgument {}

/// `codeenv serve` options of the coding environment: its worker pool, its
/// step limits and the sandbox every worker runs in (defaults: 1 GiB of
/// memory, 64 processes, 256 open files, 64 MiB files).
struct CodingOptions: ParsableArguments {
    @Option(help: "Coding env: episode workers kept ready ahead of demand.")
    var workerPoolSize = 4

    @Option(help: "Coding env: the codeenv-zygote executable workers are forked from (default: the one beside this codeenv).")
    var zygote = Self.installedZygote

    @Option(help: "Coding env: a step's time limit in seconds when the request sets no timeout_s.")
    var stepTimeout = 10.0

    @Option(help: "Coding env: the largest timeout_s a request may ask for, in seconds.")
    var maxStepTimeout = 300.0

    @Option(help: "Coding env: seconds a step may ignore its time limit's interrupt before its worker is killed.")
    var killGrace = 1.0

    @Option(help: "Coding env: bytes of stdout and of stderr kept per step; the rest is dropped with a marker.")
    var outputLimit = 1 << 20

    @Option(help: "POST /execute: programs running at once, each on its own fresh worker (default: the number of cores).")
    var maxConcurrentExecutions = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "POST /execute: requests waiting for a running slot; past them, 503 with Retry-After.")
    var maxQueuedExecutions = 256

    @Option(help: "Sandbox: system calls workers keep (strict: no processes, exec or sockets; permissive: processes and exec, no network).")
    var seccompProfile = SeccompProfile.strict

    @Option(help: "Sandbox: run without LAYER if this host cannot set it up (\(SandboxLayer.allCases.map(\.rawValue).joined(separator: ", "))); repeatable.")
    var allowWeakerSandbox: [SandboxLayer] = []

    @Option(help: "Sandbox: address space per worker, in bytes.")
    var memoryLimit: UInt64 = 1 << 30

    @Option(help: "Sandbox: CPU seconds per worker (a whole episode).")
    var cpuLimit: UInt64 = 600

    @Option(help: "Sandbox: processes per worker.")
    var maxProcesses: UInt64 = 64

    @Option(help: "Sandbox: open files per worker.")
    var maxOpenFiles: UInt64 = 256

    @Option(help: "Sandbox: largest file a worker may write, in bytes.")
    var maxFileSize: UInt64 = 64 << 20

    @Option(help: "Sandbox: size of a worker's /tmp, in bytes.")
    var tmpfsSize: UInt64 = 128 << 20

    @Option(help: "Sandbox: first host uid/gid workers map to; each live worker takes its own pair above it (give servers sharing a host disjoint ranges).")
    var workerIdBase: UInt32 = 200_000

    func validate() throws {
        guard workerPoolSize >= 0 else { throw ValidationError("--worker-pool-size must be 0 or more") }
        guard stepTimeout > 0, maxStepTimeout >= stepTimeout else {
            throw ValidationError("--step-timeout must be positive and at most --max-step-timeout")
        }
        guard killGrace > 0 else { throw ValidationError("--kill-grace must be positive") }
        guard outputLimit >= 0 else { throw ValidationError("--output-limit must be 0 or more bytes") }
        guard maxConcurrentExecutions >= 1, maxQueuedExecutions >= 0 else {
            throw ValidationError("--max-concurrent-executions must be at least 1 and --max-queued-executions 0 or more")
        }
    }

    var sandbox: SandboxSettings {
        SandboxSettings(
            seccompProfile: seccompProfile, allowedWeaker: Set(allowWeakerSandbox),
            limits: SandboxLimits(
                addressSpaceBytes: memoryLimit, cpuSeconds: cpuLimit, processes: maxProcesses,
                openFiles: maxOpenFiles, fileSizeBytes: maxFileSize, tmpfsBytes: tmpfsSize),
            outsideIDBase: workerIdBase)
    }

    var settings: CodingSettings {
        CodingSettings(
            defaultTimeLimit: .milliseconds(Int64(stepTimeout * 1000)),
            maxTimeLimit: .milliseconds(Int64(maxStepTimeout * 1000)),
            killGrace: .milliseconds(Int64(killGrace * 1000)), outputLimit: outputLimit)
    }

    /// `codeenv-zygote` in the directory of the running `codeenv`: both
    /// are products of this package, built and installed side by side.
    static var installedZygote: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("codeenv-zygote").path
    }

    /// Launches the zygote and fills the pool; throws,
    /// naming the layer, when a sandbox layer fails that was not allowed to.
    /// Logs the sandbox's strength at every start.
    func startPool(logger: Logger, metrics: WorkerMetrics = .disabled) async throws -> WorkerPool {
        if !allowWeakerSandbox.isEmpty {
            logger.warning("--allow-weaker-sandbox: workers may run without \(allowWeakerSandbox.map(\.rawValue).sorted())")
        }
        guard access(zygote, X_OK) == 0 else {
            throw WorkerError.zygoteUnavailable(
                "no executable codeenv-zygote at \(zygote): build it (`swift build --product codeenv-zygote`; `swift run codeenv` builds only codeenv) and install it beside codeenv, or pass --zygote PATH")
        }
        let pool = try await WorkerPool(
            configuration: .init(
                executable: zygote, sandbox: sandbox, warmWorkers: workerPoolSize,
                eventLoopGroup: MultiThreadedEventLoopGroup.singleton, metrics: metrics),
            logger: logger)
        let readiness = await pool.readiness
        if readiness.missingLayers.isEmpty {
            logger.info("Python \(readiness.pythonVersion); sandbox: every layer on, seccomp \(seccompProfile.rawValue)")
        } else {
            logger.warning("Python \(readiness.pythonVersion); sandbox WEAKER than default, running without: \(readiness.missingLayers.map(\.rawValue))")
        }
        return pool
    }
}
