import CoreMetrics
import Prometheus
import PythonWorker

/// One server's Prometheus registry and the factory its instruments are
/// made with; `GET /metrics` renders the registry.
///
/// Each server has its own registry, passed down explicitly, instead of
/// the process-wide `MetricsSystem.bootstrap` (callable once per process):
/// tests run many servers in one process and each sees only its counters.
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    /// Step latency buckets: a print takes milliseconds, a timed-out step
    /// the time limit (seconds to minutes).
    static let stepDurationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
        .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[EnvironmentMetrics.stepDurationLabel] = Self.stepDurationBuckets
        self.factory = factory
    }

    /// The instruments of the server's worker pool, in this registry.
    public var workerMetrics: WorkerMetrics { WorkerMetrics(factory: factory) }

    func environmentMetrics(environment: String) -> EnvironmentMetrics {
        EnvironmentMetrics(environment: environment, factory: factory)
    }

    func recordResponse(status: Int) {
        Counter(label: "codeenv_http_responses_total", dimensions: [("status", String(status))], factory: factory).increment()
    }

    func recordActiveSessions(_ count: Int) {
        Gauge(label: "codeenv_active_sessions", factory: factory).record(count)
    }

    /// The registry in Prometheus' text exposition format.
    func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
