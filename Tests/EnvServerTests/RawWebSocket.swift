import Foundation

/// A WebSocket client over a bare blocking socket, frame by frame: the
/// tests that need frames no library sends (fragments, pings, oversized or
/// pipelined messages, a close with a code) or must see every frame the
/// server sends use it. The client library the other tests use now and
/// then loses frames that arrive right behind the `101 Switching Protocols`
/// response and then waits forever (seen about once in ten runs).
final class RawWebSocket {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    enum Opcode: UInt8 {
        case continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    /// The status line of the server's answer to the upgrade request.
    private(set) var statusLine = ""

    /// Connects to `127.0.0.1:port` and asks to upgrade `path`, giving up on
    /// any read after `timeout` seconds without a byte.
    init(port: Int, path: String = "/ws", timeout: Int = 10) throws {
        fd = try Self.connect(port: port, timeout: timeout)
        let upgrade = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try send(Array(upgrade.utf8))
        statusLine = try readResponseHead().components(separatedBy: "\r\n")[0]
    }

    deinit {
        close(fd)
    }

    var upgraded: Bool { statusLine.hasPrefix("HTTP/1.1 101") }

    /// One masked frame.
    static func frame(_ opcode: Opcode, _ payload: [UInt8], fin: Bool = true) -> [UInt8] {
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        var frame: [UInt8] = [(fin ? 0x80 : 0) | opcode.rawValue]
        switch payload.count {
        case ..<126: frame.append(0x80 | UInt8(payload.count))
        case ..<65536: frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: frame += [0x80 | 127] + (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        return frame + mask + payload.enumerated().map { $1 ^ mask[$0 % 4] }
    }

    static func text(_ text: String) -> [UInt8] {
        frame(.text, Array(text.utf8))
    }

    /// Writes bytes as they are: any number of frames, or part of one.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw Failure(description: "write: errno \(errno)") }
            offset += written
        }
    }

    /// The next frame the server sent (servers send whole, unmasked frames).
    func readFrame() throws -> (opcode: UInt8, payload: [UInt8]) {
        try need(2)
        let opcode = buffer[0] & 0x0F
        var length = Int(buffer[1] & 0x7F)
        var headerLength = 2
        if length == 126 {
            try need(4)
            length = Int(buffer[2]) << 8 | Int(buffer[3])
            headerLength = 4
        } else if length == 127 {
            try need(10)
            length = buffer[2..<10].reduce(0) { $0 << 8 | Int($1) }
            headerLength = 10
        }
        try need(headerLength + length)
        let payload = Array(buffer[headerLength..<headerLength + length])
        buffer.removeSubrange(0..<headerLength + length)
        return (opcode, payload)
    }

    /// The next frame, which must be a text message: its text.
    func readText() throws -> String {
        let (opcode, payload) = try readFrame()
        guard opcode == Opcode.text.rawValue else { throw Failure(description: "a frame with opcode \(opcode), not text") }
        return String(decoding: payload, as: UTF8.self)
    }

    /// Whether the server closed the TCP connection (reads end of file).
    func readsEndOfFile() throws -> Bool {
        var byte: UInt8 = 0
        let count = read(fd, &byte, 1)
        guard count >= 0 else { throw Failure(description: "read: errno \(errno)") }
        if count == 1 { buffer.append(byte) }
        return count == 0
    }

    private func readResponseHead() throws -> String {
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

    private func need(_ count: Int) throws {
        while buffer.count < count { try fill() }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = read(fd, &chunk, chunk.count)
        guard count > 0 else {
            throw Failure(description: count == 0 ? "the server closed the connection" : "read: errno \(errno)")
        }
        buffer += chunk[..<count]
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
