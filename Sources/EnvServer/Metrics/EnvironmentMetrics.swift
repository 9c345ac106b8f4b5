import CoreMetrics
import EnvCore

/// Resets, steps and step latency of one environment, labelled with its
/// name (`env="coding"`). Sessions record through it whatever transport
/// the call came in on (HTTP, `/ws`, `/mcp`).
struct EnvironmentMetrics: Sendable {
    static let stepDurationLabel = "codeenv_step_duration_seconds"

    private let resets: Counter
    private let steps: Counter
    private let stepDuration: Timer

    init(environment: String, factory: any MetricsFactory) {
        let dimensions = [("env", environment)]
        resets = Counter(label: "codeenv_resets_total", dimensions: dimensions, factory: factory)
        steps = Counter(label: "codeenv_steps_total", dimensions: dimensions, factory: factory)
        stepDuration = Timer(label: Self.stepDurationLabel, dimensions: dimensions, factory: factory)
    }

    static let disabled = EnvironmentMetrics(environment: "", factory: NOOPMetricsHandler.instance)

    func recordReset() {
        resets.increment()
    }

    /// Counts a step the environment ran (not one rejected before it) and
    /// how long it took.
    func recordStep(duration: Duration) {
        steps.increment()
        let (seconds, attoseconds) = duration.components
        stepDuration.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
