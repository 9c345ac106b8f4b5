import EnvCore
import Environments
import Synchronization
import Testing

@testable import EnvServer

/// Records how many calls are inside it at once; each step takes a while,
/// so overlapping calls would be seen.
actor OverlapProbe: Environment {
    static let descriptor = EnvironmentDescriptor(name: "OverlapProbe", description: "Counts overlapping calls.")
    static let deepest = Mutex(0)
    private var inside = 0

    func reset(seed: Int?, episodeID: String?) -> StepResult<EchoObservation> {
        StepResult(observation: EchoObservation(echoedMessage: "", messageLength: 0), reward: 0)
    }

    func step(_ action: EchoAction, context: StepContext) async throws -> StepResult<EchoObservation> {
        inside += 1
        let depth = inside
        Self.deepest.withLock { $0 = max($0, depth) }
        try await Task.sleep(for: .milliseconds(20))
        inside -= 1
        return StepResult(observation: EchoObservation(echoedMessage: action.message, messageLength: 0), reward: 0)
    }

    func state() -> EpisodeState { EpisodeState(episodeID: nil) }

    func close() {}
}

@Suite struct SessionManagerTests {
    func manager(_ configuration: ServerConfiguration, _ registration: EnvironmentRegistration = echoRegistration) -> SessionManager {
        SessionManager(registration: registration, configuration: configuration, logger: testLogger)
    }

    @Test func callsIntoOneSessionNeverOverlap() async throws {
        var registry = EnvironmentRegistry()
        registry.register("probe", OverlapProbe.self) { OverlapProbe() }
        let sessions = manager(ServerConfiguration(), try registry.registration(named: "probe"))
        let session = try await sessions.httpSession(id: nil, create: true)
        try await withThrowingTaskGroup(of: JSONValue.self) { group in
            for index in 0..<5 {
                group.addTask { try await session.step(["message": .string("\(index)")], context: StepContext()) }
            }
            try await group.waitForAll()
        }
        #expect(OverlapProbe.deepest.withLock { $0 } == 1)
    }

    @Test func concurrentFirstRequestsForOneSessionShareOneEnvironment() async throws {
        let sessions = manager(ServerConfiguration(maxSessions: 2))
        async let first = sessions.httpSession(id: "same", create: true)
        async let second = sessions.httpSession(id: "same", create: true)
        let (a, b) = try await (first, second)
        #expect(a === b)
        #expect(await sessions.activeCount == 1)
    }

    @Test func idleHeaderSessionsAreReapedButTheDefaultSessionStays() async throws {
        let sessions = manager(ServerConfiguration(idleTimeout: .seconds(60)))
        _ = try await sessions.httpSession(id: nil, create: true)
        _ = try await sessions.httpSession(id: "idle", create: true)
        await sessions.reapIdleSessions(now: .now + .seconds(30))
        #expect(await sessions.activeCount == 2)
        await sessions.reapIdleSessions(now: .now + .seconds(61))
        #expect(await sessions.activeCount == 1)
        await #expect(throws: ServerError.sessionNotFound("idle")) { try await sessions.httpSession(id: "idle", create: false) }
        _ = try await sessions.httpSession(id: nil, create: false)
    }

    @Test func aSessionClosedUnderAWaitingCallerRefusesTheCall() async throws {
        let sessions = manager(ServerConfiguration())
        let session = try await sessions.openSocketSession {}
        await sessions.close(session.key)
        await #expect(throws: ServerError.sessionNotFound("ws-1")) { try await session.state() }
        #expect(await sessions.activeCount == 0)
    }

    @Test func capacityCountsEverySessionKind() async throws {
        let sessions = manager(ServerConfiguration(maxSessions: 2))
        _ = try await sessions.httpSession(id: nil, create: true)
        _ = try await sessions.openSocketSession {}
        await #expect(throws: ServerError.capacityReached(active: 2, maximum: 2)) {
            try await sessions.httpSession(id: "third", create: true)
        }
    }

    @Test func theReapIntervalIsATenthOfTheIdleTimeoutWithinBounds() {
        #expect(ServerConfiguration(idleTimeout: .seconds(600)).reapInterval == .seconds(30))
        #expect(ServerConfiguration(idleTimeout: .seconds(50)).reapInterval == .seconds(5))
        #expect(ServerConfiguration(idleTimeout: .seconds(2)).reapInterval == .seconds(1))
        #expect(ServerConfiguration(idleTimeout: nil).reapInterval == .seconds(30))
    }
}
