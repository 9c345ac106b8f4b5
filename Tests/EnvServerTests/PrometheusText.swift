/// Prometheus' text format as a test reads it: the value of one series.
struct PrometheusText {
    let text: String

    /// The value on the line for `series` (`name` or `name{label="v"}`),
    /// nil when the series is not exported.
    func value(_ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
