import EnvCore
import Testing

@testable import EnvServer

@Suite struct ServerErrorTests {
    @Test(arguments: [
        (ServerError.invalidJSON(JSONParseError(reason: "Expecting value", offset: 0, line: 1, column: 1)), 422, WSErrorCode.invalidJSON),
        (.invalidRequest([]), 422, .validationError),
        (.bodyTooLarge(limit: 1), 413, .executionError),
        (.notFound, 404, .sessionError),
        (.methodNotAllowed(allowed: [.post]), 405, .sessionError),
        (.capacityReached(active: 1, maximum: 1), 503, .capacityReached),
        (.factoryFailed(environment: "E", reason: "r"), 500, .factoryError),
        (.defaultSessionDisabled, 400, .sessionError),
        (.sessionNotFound("s"), 404, .sessionError),
        (.malformedMessage("m"), 400, .sessionError),
        (.unknownMessageType("t"), 400, .unknownType),
        (.executionFailed("boom"), 500, .executionError),
    ])
    func eachErrorHasOneStatusAndOneWebSocketCode(error: ServerError, status: Int, code: WSErrorCode) {
        #expect(error.status.code == status)
        #expect(error.webSocketCode == code)
    }

    @Test func onlyRefusalsAndBrokenStreamsCloseTheConnection() {
        let oneOfEachCode: [ServerError] = [
            .invalidJSON(JSONParseError(reason: "", offset: 0, line: 1, column: 1)), .invalidRequest([]),
            .capacityReached(active: 0, maximum: 1), .factoryFailed(environment: "", reason: ""), .malformedMessage(""),
            .unknownMessageType(""), .executionFailed(""),
        ]
        #expect(Set(oneOfEachCode.map(\.webSocketCode)) == Set(WSErrorCode.allCases))
        let closing = oneOfEachCode.filter(\.closesWebSocket).map(\.webSocketCode)
        #expect(closing == [.capacityReached, .factoryError, .sessionError])
    }

    @Test func environmentErrorsMapToTheirServerErrors() {
        let issue = ValidationIssue(type: "missing", location: [.key("code")], message: "Field required", input: [:])
        #expect(ServerError(EnvironmentError.invalidAction([issue])) == .invalidRequest([issue]))
        #expect(ServerError(EnvironmentError.factoryFailed(environment: "E", reason: "r")) == .factoryFailed(environment: "E", reason: "r"))
        #expect(ServerError(JSONParseError(reason: "Extra data", offset: 3, line: 1, column: 4))
            == .invalidJSON(JSONParseError(reason: "Extra data", offset: 3, line: 1, column: 4)))
        #expect(ServerError(CancellationError()) == .executionFailed("CancellationError()"))
    }

    @Test func capacityCarriesOpenEnvsCountsOnBothTransports() {
        let error = ServerError.capacityReached(active: 3, maximum: 3)
        #expect(error.headers[.retryAfter] == "1")
        #expect(error.webSocketData == [
            "code": "CAPACITY_REACHED", "active_sessions": 3, "max_sessions": 3,
            "message": "Server at capacity: 3/3 sessions active. Cannot accept new connections.",
        ])
    }
}
