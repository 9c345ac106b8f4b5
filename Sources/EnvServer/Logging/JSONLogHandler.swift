import EnvCore
import Foundation
import Logging
import Synchronization

/// `--log-format json`: every log record is one JSON object on one line of
/// standard output, for log collectors that parse JSON lines:
/// `{"timestamp": "...", "level": "info", "label": "codeenv", "message": "...", <metadata>}`.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let sink: LineSink

    public init(label: String, sink: LineSink = .standardOutput) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        sink.write(Self.line(
            timestamp: Date(), level: event.level, label: label, message: event.message.description,
            metadata: metadata.merging(event.metadata ?? [:]) { _, new in new }))
    }

    /// The JSON text of one record. The record's own fields win over
    /// metadata of the same name.
    static func line(
        timestamp: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var members = metadata.mapValues(Self.json)
        members["timestamp"] = .string(timestamp.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)))
        members["level"] = .string(level.rawValue)
        members["label"] = .string(label)
        members["message"] = .string(message)
        return JSONValue.object(members).jsonText
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let string): .string(string)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let values): .object(values.mapValues(json))
        }
    }
}

/// Where log lines go: whole lines, one writer at a time, so records from
/// concurrent requests never interleave.
public final class LineSink: Sendable {
    private let write: Mutex<@Sendable (String) -> Void>

    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = Mutex(write)
    }

    public static let standardOutput = LineSink { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func write(_ line: String) {
        self.write.withLock { $0(line) }
    }
}
