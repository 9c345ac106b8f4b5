import Histogram

/// Latencies in nanoseconds, one recorder per session (no locking on the
/// hot path), merged at the end.
struct LatencyRecorder: Sendable {
    /// Up to 10 minutes at 3 significant digits.
    private(set) var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000_000, numberOfSignificantValueDigits: .three)

    mutating func record(nanoseconds: UInt64) {
        _ = histogram.record(Swift.max(1, nanoseconds))
    }

    mutating func merge(_ other: LatencyRecorder) {
        histogram.add(other.histogram)
    }

    /// `{"count", "p50_ms", "p90_ms", "p99_ms", "max_ms", "mean_ms"}`.
    var summary: [String: Double] {
        func ms(_ ns: UInt64) -> Double { (Double(ns) / 1_000).rounded() / 1_000 }
        guard histogram.totalCount > 0 else { return ["count": 0] }
        return [
            "count": Double(histogram.totalCount),
            "p50_ms": ms(histogram.valueAtPercentile(50)),
            "p90_ms": ms(histogram.valueAtPercentile(90)),
            "p99_ms": ms(histogram.valueAtPercentile(99)),
            "max_ms": ms(histogram.max),
            "mean_ms": (histogram.mean / 1_000).rounded() / 1_000,
        ]
    }
}
