import EnvCore
import Foundation
import TestSupport

/// What the server sends a `/ws` connection it refuses as it opens (a
/// full server, a failing environment factory): one error message, then a
/// close frame.
///
/// Read over a bare blocking socket, not the WebSocket client library the
/// other tests use: that client now and then loses frames that arrive
/// right behind the `101 Switching Protocols` response and then waits
/// forever (seen about once in ten runs), while Python's `websockets`
/// received all of 300 such refusals in a row.
struct ConnectionRefusal {
    var reply: JSONValue
    var closeCode: UInt16?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Opens `/ws` on `127.0.0.1:port` and reads until the close frame,
    /// giving up after `timeout` seconds without a byte.
    static func read(port: Int, timeout: Int = 10) async throws -> ConnectionRefusal {
        try await offThePool { try ConnectionRefusal(port: port, timeout: timeout) }
    }

    private init(port: Int, timeout: Int) throws {
        let fd = try Self.connect(port: port, timeout: timeout)
        defer { close(fd) }
        let upgrade = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        guard write(fd, upgrade, upgrade.utf8.count) == upgrade.utf8.count else { throw Failure(description: "write: errno \(errno)") }
        var reader = FrameReader(fd: fd)
        let head = try reader.readResponseHead()
        guard head.hasPrefix("HTTP/1.1 101") else { throw Failure(description: "upgrade answered \(head)") }
        let (textOpcode, text) = try reader.readFrame()
        guard textOpcode == 1 else { throw Failure(description: "first frame has opcode \(textOpcode), not text") }
        reply = try JSONParser.parse(text)
        let (closeOpcode, payload) = try reader.readFrame()
        guard closeOpcode == 8 else { throw Failure(description: "second frame has opcode \(closeOpcode), not close") }
        closeCode = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil
    }

    private static func connect(port: Int, timeout: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard fd >= 0, connected else {
            close(fd)
            throw Failure(description: "connect to port \(port): errno \(errno)")
        }
        return fd
    }
}

/// Unmasked server frames (no fragmentation: the server sends whole
/// messages) from a socket, after the HTTP response head.
private struct FrameReader {
    let fd: Int32
    var buffer: [UInt8] = []

    mutating func readResponseHead() throws -> String {
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            if let range = buffer.firstRange(of: end) {
                let head = String(decoding: buffer[..<range.lowerBound], as: UTF8.self)
                buffer.removeSubrange(..<range.upperBound)
                return head
            }
            try fill()
        }
    }

    mutating func readFrame() throws -> (opcode: UInt8, payload: [UInt8]) {
        try need(2)
        let opcode = buffer[0] & 0x0F
        var length = Int(buffer[1] & 0x7F)
        var headerLength = 2
        if length == 126 {
            try need(4)
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            headerLength = 4
        }
        try need(headerLength + length)
        let payload = Array(buffer[headerLength..<headerLength + length])
        buffer.removeSubrange(0..<headerLength + length)
        return (opcode, payload)
    }

    private mutating func need(_ count: Int) throws {
        while buffer.count < count { try fill() }
    }

    private mutating func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = read(fd, &chunk, chunk.count)
        guard count > 0 else {
            throw ConnectionRefusal.Failure(description: count == 0 ? "the server closed without a close frame" : "read: errno \(errno)")
        }
        buffer += chunk[..<count]
    }
}
