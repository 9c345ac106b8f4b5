import Foundation

/// The driver's one JSON object: merged latency summaries, step throughput
/// over the step phase (first session starting to last session ending),
/// and the failures with the first reason.
func report(_ outcomes: [SessionOutcome], plan: LoadPlan, wall: Duration) -> String {
    var resets = LatencyRecorder()
    var steps = LatencyRecorder()
    for outcome in outcomes {
        resets.merge(outcome.resets)
        steps.merge(outcome.steps)
    }
    let starts = outcomes.compactMap(\.stepPhaseStart)
    let ends = outcomes.compactMap(\.stepPhaseEnd)
    var throughput = 0.0
    if let start = starts.min(), let end = ends.max() {
        let seconds = Double((end - start).components.attoseconds) / 1e18 + Double((end - start).components.seconds)
        if seconds > 0 { throughput = (Double(steps.histogram.totalCount) / seconds).rounded() }
    }
    let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
    let object: [String: Any] = [
        "sessions": plan.sessions,
        "cycles": plan.cycles,
        "steps_per_cycle": plan.stepsPerCycle,
        "reset": resets.summary,
        "step": steps.summary,
        "steps_per_s": throughput,
        "wall_s": (wallSeconds * 1000).rounded() / 1000,
        "failures": outcomes.map(\.failures).reduce(0, +),
        "first_failure": outcomes.lazy.compactMap(\.firstFailure).first ?? NSNull(),
    ]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}

/// Returns once standard input reaches end of file (the caller closed it).
func waitForStandardInputToClose() async {
    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while read(0, &buffer, buffer.count) > 0 {}
            done.resume()
        }
    }
}
