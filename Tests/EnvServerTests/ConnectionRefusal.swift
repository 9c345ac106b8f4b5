import EnvCore
import TestSupport

/// What the server sends a `/ws` connection it refuses as it opens (a
/// full server, a failing environment factory): one error message, then a
/// close frame.
struct ConnectionRefusal {
    var reply: JSONValue
    var closeCode: UInt16?

    /// Opens `/ws` on `127.0.0.1:port` and reads until the close frame.
    static func read(port: Int) async throws -> ConnectionRefusal {
        try await offThePool {
            let socket = try RawWebSocket(port: port)
            guard socket.upgraded else { throw RawWebSocket.Failure(description: "upgrade answered \(socket.statusLine)") }
            let reply = try JSONParser.parse(try socket.readText())
            let (closeOpcode, payload) = try socket.readFrame()
            guard closeOpcode == RawWebSocket.Opcode.close.rawValue else {
                throw RawWebSocket.Failure(description: "second frame has opcode \(closeOpcode), not close")
            }
            return ConnectionRefusal(reply: reply, closeCode: payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : nil)
        }
    }
}
