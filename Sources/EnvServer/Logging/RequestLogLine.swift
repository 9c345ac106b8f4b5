import Logging

/// The request log's line, one per request at info: method, path, status,
/// the duration when known and the session header when there is one. With
/// `--log-format json` the same fields become one JSON object per line.
/// HTTP requests (`RequestLoggingMiddleware`) and `/ws` upgrades
/// (`WebSocketUpgradeChannel`) both write it.
enum RequestLogLine {
    /// Builds nothing when info is not logged: the line's fields (the
    /// session header's trimming above all) cost more than the rest of a
    /// small request.
    static func write(
        to logger: Logger, method: String, path: String, status: Int, duration: Duration? = nil,
        session: @autoclosure () -> String? = nil
    ) {
        guard logger.logLevel <= .info else { return }
        var metadata: Logger.Metadata = [
            "method": .string(method), "path": .string(path), "status": .stringConvertible(status),
        ]
        if let duration { metadata["duration_ms"] = .string(milliseconds(duration)) }
        if let session = session() { metadata["session"] = .string(session) }
        logger.info("\(method) \(path) \(status)", metadata: metadata)
    }

    /// Milliseconds with two decimals ("12.34"), rounded half up; Foundation's
    /// `String(format:)` took as long as the rest of the log line.
    static func milliseconds(_ elapsed: Duration) -> String {
        let (seconds, attoseconds) = elapsed.components
        let hundredths = seconds * 100_000 + (attoseconds + 5_000_000_000_000) / 10_000_000_000_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
