/// What one step asks of a worker: the code, its time limit, how much of
/// each output stream to keep, and what the code reads on its stdin.
public struct ExecuteRequest: Sendable, Equatable {
    public var code: String
    /// The step's whole stdin: the worker puts exactly these bytes on fd 0
    /// (and a fresh `sys.stdin`) for this step, so nothing read or left
    /// unread by an earlier step leaks into it.
    public var stdin: String
    /// The soft limit in seconds: the worker interrupts the code when it
    /// passes. The server's hard deadline (limit + grace) is its own.
    public var timeLimit: Double
    /// Bytes kept per stream; the rest is read and counted, never stored.
    public var outputLimit: Int

    /// The most code and stdin together a request carries: the request
    /// frame's limit less the fixed fields.
    public static let maxCodeBytes = Framing.maxRequestPayload - 24

    public init(code: String, timeLimit: Double, outputLimit: Int, stdin: String = "") {
        self.code = code
        self.timeLimit = timeLimit
        self.outputLimit = outputLimit
        self.stdin = stdin
    }

    package func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: code.utf8.count + stdin.utf8.count + 24)
        writer.write(timeLimit)
        writer.write(UInt64(outputLimit))
        writer.write(lengthPrefixed: code)
        writer.write(lengthPrefixed: stdin)
        return writer.bytes
    }

    package init(decoding payload: [UInt8]) throws(FrameError) {
        var reader = ByteReader(payload)
        timeLimit = try reader.readDouble()
        guard timeLimit.isFinite, timeLimit > 0 else { throw .malformed("time limit \(timeLimit)") }
        outputLimit = Int(clamping: try reader.readUInt64())
        code = try reader.readLengthPrefixedString()
        stdin = try reader.readLengthPrefixedString()
        try reader.expectEnd()
    }
}

/// The reward inputs of a step, judged by the worker's own `re` and `ast`
/// on the raw source before any of it runs, so they are known even when
/// the code then kills its worker.
public struct CodeAnalysis: Sendable, Equatable {
    /// The first dangerous pattern, in the list's order, that the source
    /// matches (its regular expression text), or nil.
    public var safetyViolation: String?
    /// Whether `ast.parse` accepts the source.
    public var parses: Bool
    /// `len(code.strip())`: code points after Python's own `strip()`.
    public var strippedLength: Int

    public init(safetyViolation: String?, parses: Bool, strippedLength: Int) {
        self.safetyViolation = safetyViolation
        self.parses = parses
        self.strippedLength = strippedLength
    }
}

/// One of the two captured streams.
public enum OutputStream: UInt8, Sendable {
    case stdout = 1
    case stderr = 2
}

/// How a step ended inside a worker that survived it.
public struct StepCompletion: Sendable, Equatable {
    /// As `python3` gives it: 0, 1 for an uncaught exception, n for
    /// `sys.exit(n)`.
    public var exitCode: Int32
    /// The soft time limit interrupted the code.
    public var timedOut: Bool
    /// Bytes written beyond `outputLimit`, per stream: counted, not sent.
    public var stdoutDropped: UInt64
    public var stderrDropped: UInt64

    package init(exitCode: Int32, timedOut: Bool, stdoutDropped: UInt64, stderrDropped: UInt64) {
        self.exitCode = exitCode
        self.timedOut = timedOut
        self.stdoutDropped = stdoutDropped
        self.stderrDropped = stderrDropped
    }
}

/// Everything a worker sends: per step one `analysis` and any number of
/// `output` chunks (in write order per stream; compile-time warnings may
/// come before the analysis), then one `completion`.
package enum WorkerReply: Equatable {
    case analysis(CodeAnalysis)
    case output(OutputStream, [UInt8])
    case completion(StepCompletion)

    /// Output travels in chunks of at most this size, so no single frame
    /// grows with the output limit.
    package static let maxChunkBytes = 64 << 10

    private enum Tag: UInt8 {
        case analysis = 1, output, completion
    }

    package func encoded() -> [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .analysis(let analysis):
            writer.write(Tag.analysis.rawValue)
            writer.write(analysis.parses)
            writer.write(UInt64(analysis.strippedLength))
            writer.write(analysis.safetyViolation != nil)
            writer.write(lengthPrefixed: analysis.safetyViolation ?? "")
        case .output(let stream, let bytes):
            writer.write(Tag.output.rawValue)
            writer.write(stream.rawValue)
            writer.write(lengthPrefixed: bytes)
        case .completion(let completion):
            writer.write(Tag.completion.rawValue)
            writer.write(completion.exitCode)
            writer.write(completion.timedOut)
            writer.write(completion.stdoutDropped)
            writer.write(completion.stderrDropped)
        }
        return writer.bytes
    }

    package init(decoding payload: [UInt8]) throws(FrameError) {
        var reader = ByteReader(payload)
        switch Tag(rawValue: try reader.readUInt8()) {
        case .analysis:
            let parses = try reader.readBool()
            let length = Int(clamping: try reader.readUInt64())
            let hasViolation = try reader.readBool()
            let pattern = try reader.readLengthPrefixedString()
            self = .analysis(CodeAnalysis(safetyViolation: hasViolation ? pattern : nil, parses: parses, strippedLength: length))
        case .output:
            guard let stream = OutputStream(rawValue: try reader.readUInt8()) else { throw .malformed("unknown stream") }
            let bytes = try reader.readLengthPrefixedBytes()
            guard bytes.count <= Self.maxChunkBytes else { throw .malformed("output chunk of \(bytes.count) bytes") }
            self = .output(stream, Array(bytes))
        case .completion:
            self = .completion(StepCompletion(
                exitCode: try reader.readInt32(), timedOut: try reader.readBool(),
                stdoutDropped: try reader.readUInt64(), stderrDropped: try reader.readUInt64()))
        case nil:
            throw .malformed("unknown reply tag")
        }
        try reader.expectEnd()
    }
}
