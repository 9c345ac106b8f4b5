import EnvCore
import Testing

@testable import EnvServer

@Suite struct WebSocketRequestTests {
    @Test func theFourMessageTypesDecode() throws {
        #expect(try WebSocketRequest(text: #"{"type": "reset", "data": {"seed": 1, "episode_id": "e1"}}"#)
            == .reset(try ResetOptions(["seed": 1, "episode_id": "e1"], locationPrefix: [])))
        #expect(try WebSocketRequest(text: #"{"type": "step", "data": {"code": "print(1)"}}"#) == .step(["code": "print(1)"]))
        #expect(try WebSocketRequest(text: #"{"type": "state"}"#) == .state)
        #expect(try WebSocketRequest(text: #"{"type": "close", "extra": true}"#) == .close)
    }

    @Test func resetOptionsComeFromData() throws {
        let options = try ResetOptions(["seed": "7", "episode_id": "e"], locationPrefix: [])
        #expect(options.seed == 7)
        #expect(options.episodeID == "e")
        #expect(try ResetOptions(nil, locationPrefix: []) == ResetOptions([:], locationPrefix: []))
    }

    @Test func aScalarMessageIsMalformed() {
        #expect(throws: ServerError.malformedMessage("a message must be a JSON object, got a string")) {
            try WebSocketRequest(text: #""reset""#)
        }
    }
}
