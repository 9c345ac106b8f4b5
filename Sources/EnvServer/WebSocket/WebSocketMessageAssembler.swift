import NIOCore
import NIOWebSocket

/// Joins a message's frames (a text or binary frame, then continuations
/// until one with `fin`) into the message, within the size limit.
struct WebSocketMessageAssembler {
    enum Message: Equatable {
        case text(String)
        case binary
    }

    /// A frame sequence no client may send: the connection closes with `code`.
    struct Violation: Error, Equatable {
        let code: WebSocketErrorCode
    }

    let maxMessageBytes: Int
    private var partial: (opcode: WebSocketOpcode, data: ByteBuffer)?

    init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    /// The message `frame` completes, if it completes one.
    mutating func add(_ frame: WebSocketFrame) throws(Violation) -> Message? {
        // No extension was negotiated, so no reserved bit may be set.
        guard frame.reservedBits.isEmpty else { throw Violation(code: .protocolError) }
        var data = frame.unmaskedData
        switch frame.opcode {
        case .text, .binary:
            guard partial == nil else { throw Violation(code: .protocolError) }
            guard data.readableBytes <= maxMessageBytes else { throw Violation(code: .messageTooLarge) }
            if frame.fin { return Self.message(frame.opcode, data) }
            partial = (frame.opcode, data)
        case .continuation:
            guard case (let opcode, var joined)? = partial else { throw Violation(code: .protocolError) }
            guard joined.readableBytes + data.readableBytes <= maxMessageBytes else {
                throw Violation(code: .messageTooLarge)
            }
            joined.writeBuffer(&data)
            partial = frame.fin ? nil : (opcode, joined)
            if frame.fin { return Self.message(opcode, joined) }
        default:
            throw Violation(code: .protocolError)
        }
        return nil
    }

    private static func message(_ opcode: WebSocketOpcode, _ data: ByteBuffer) -> Message {
        opcode == .text ? .text(String(buffer: data)) : .binary
    }
}
