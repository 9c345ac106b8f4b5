/// Frames on a worker socket: a u32 little-endian payload length, then the
/// payload. Both directions are size-capped, so neither side can make the
/// other allocate without bound: the server caps what a worker may send
/// (two capped output streams arrive as many small chunks), the worker
/// caps the code it accepts.
public enum Framing {
    public static let headerSize = 4

    /// Largest request payload a worker accepts (the code of one step).
    public static let maxRequestPayload = 16 << 20

    /// Largest reply payload the server accepts from a worker. Output
    /// arrives in chunks of at most `OutputChunk.maxBytes`, so every
    /// legitimate reply is far below this.
    public static let maxReplyPayload = 1 << 20

    /// The four header bytes for a payload of `count` bytes.
    package static func header(payloadCount count: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt32(count).littleEndian) { Array($0) }
    }

    /// The payload length a header announces, checked against `limit`.
    package static func payloadLength<Header: Collection<UInt8>>(header: Header, limit: Int) throws(FrameError) -> Int {
        let length = Int(header.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard length <= limit else { throw .tooLarge(length: length, limit: limit) }
        return length
    }

    /// Header and payload as one buffer, so a frame goes out in one write.
    package static func frame(_ payload: [UInt8]) -> [UInt8] {
        header(payloadCount: payload.count) + payload
    }
}

/// A frame or control message that breaks the protocol. The side that
/// reads it treats the peer as broken: the server kills the worker.
public enum FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLarge(length: Int, limit: Int)
    case malformed(String)
    case unexpected(String)

    public var description: String {
        switch self {
        case .tooLarge(let length, let limit): return "frame of \(length) bytes exceeds the limit of \(limit)"
        case .malformed(let detail): return "malformed frame: \(detail)"
        case .unexpected(let detail): return "unexpected frame: \(detail)"
        }
    }
}
