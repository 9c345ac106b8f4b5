import CoreMetrics
import WorkerProtocol

/// The worker pool's instruments: warm workers, zygote restarts and
/// worker kills by reason.
///
/// They are made by the factory the server passes in rather than through
/// the process-wide `MetricsSystem.bootstrap`, which can run only once:
/// every server in a test process keeps its own registry.
public struct WorkerMetrics: Sendable {
    private let kills: [WorkerKillReason: Counter]
    private let zygoteRestarts: Counter
    private let warmWorkers: Gauge

    public init(factory: any MetricsFactory) {
        kills = Dictionary(uniqueKeysWithValues: WorkerKillReason.allCases.map {
            ($0, Counter(label: "codeenv_worker_kills_total", dimensions: [("reason", $0.rawValue)], factory: factory))
        })
        zygoteRestarts = Counter(label: "codeenv_zygote_restarts_total", factory: factory)
        warmWorkers = Gauge(label: "codeenv_warm_workers", factory: factory)
    }

    /// Instruments that record nothing, for pools outside a server.
    public static let disabled = WorkerMetrics(factory: NOOPMetricsHandler.instance)

    func recordEnding(of outcome: WorkerStepOutcome) {
        guard let reason = WorkerKillReason(outcome) else { return }
        kills[reason]?.increment()
    }

    func recordZygoteRestart() {
        zygoteRestarts.increment()
    }

    func recordWarmWorkers(_ count: Int) {
        warmWorkers.record(count)
    }
}
