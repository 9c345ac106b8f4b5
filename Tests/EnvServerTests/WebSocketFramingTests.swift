import EnvCore
import EnvServer
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// `/ws` frame by frame, over a bare socket: what RFC 6455 asks of a server
/// beyond whole text messages, and messages sent without waiting.
@Suite struct WebSocketFramingTests {
    /// Runs `body` against a live echo server, on a thread of its own (the
    /// socket blocks).
    private func withServer(
        _ configuration: ServerConfiguration = ServerConfiguration(host: "127.0.0.1", port: 0),
        _ body: @escaping @Sendable (Int) throws -> Void
    ) async throws {
        try await makeServer(echoRegistration, configuration).test(.live) { client async throws in
            let port = try #require(client.port)
            try await offThePool { try body(port) }
        }
    }

    @Test func aFragmentedMessageIsAnsweredAsOne() async throws {
        try await withServer { port in
            let socket = try RawWebSocket(port: port)
            let parts = [#"{"type": "step", "#, #""data": {"message": "#, #""joined"}}"#]
            try socket.send(RawWebSocket.frame(.text, Array(parts[0].utf8), fin: false)
                + RawWebSocket.frame(.continuation, Array(parts[1].utf8), fin: false)
                + RawWebSocket.frame(.continuation, Array(parts[2].utf8)))
            let reply = try JSONParser.parse(try socket.readText())
            #expect(reply.objectValue?["data"]?.objectValue?["observation"]?.objectValue?["echoed_message"] == "joined")
        }
    }

    @Test func aPingIsAnsweredWithAPongCarryingItsData() async throws {
        try await withServer { port in
            let socket = try RawWebSocket(port: port)
            try socket.send(RawWebSocket.frame(.ping, Array("are you there".utf8)))
            let (opcode, payload) = try socket.readFrame()
            #expect(opcode == RawWebSocket.Opcode.pong.rawValue)
            #expect(payload == Array("are you there".utf8))
        }
    }

    /// Messages sent in one write, more than the server reads ahead, are
    /// answered one by one, in order.
    @Test func pipelinedMessagesAreAnsweredInOrder() async throws {
        try await withServer { port in
            let socket = try RawWebSocket(port: port)
            let count = 40
            try socket.send((1...count).flatMap { RawWebSocket.text(#"{"type": "step", "data": {"message": "\#($0)"}}"#) })
            for index in 1...count {
                let reply = try JSONParser.parse(try socket.readText())
                let observation = reply.objectValue?["data"]?.objectValue?["observation"]?.objectValue
                #expect(observation?["echoed_message"] == .string("\(index)"))
            }
        }
    }

    @Test func aMessageOverTheLimitClosesTheConnectionWith1009() async throws {
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, maxBodyBytes: 1000)
        try await withServer(configuration) { port in
            let socket = try RawWebSocket(port: port)
            let half = [UInt8](repeating: UInt8(ascii: "x"), count: 600)
            try socket.send(RawWebSocket.frame(.text, half, fin: false) + RawWebSocket.frame(.continuation, half))
            let (opcode, payload) = try socket.readFrame()
            #expect(opcode == RawWebSocket.Opcode.close.rawValue)
            #expect(payload.prefix(2) == [0x03, 0xF1])
        }
    }

    @Test func aClientsCloseIsAnsweredWithItsCodeAndTheServerCloses() async throws {
        try await withServer { port in
            let socket = try RawWebSocket(port: port)
            try socket.send(RawWebSocket.frame(.close, [0x0F, 0xA1]))
            let (opcode, payload) = try socket.readFrame()
            #expect(opcode == RawWebSocket.Opcode.close.rawValue)
            #expect(payload.prefix(2) == [0x0F, 0xA1])
            #expect(try socket.readsEndOfFile())
        }
    }

    @Test(arguments: ["/", "/reset", "/wsx"])
    func anUpgradeOfAnotherPathIsRefused(path: String) async throws {
        try await withServer { port in
            let socket = try RawWebSocket(port: port, path: path)
            #expect(socket.statusLine == "HTTP/1.1 400 Bad Request")
        }
    }
}
