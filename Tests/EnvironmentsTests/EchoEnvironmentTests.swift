import EnvCore
import Testing

@testable import Environments

@Suite struct EchoEnvironmentTests {
    @Test func resetSaysReadyWithRewardZero() async throws {
        let result = await EchoEnvironment().reset(seed: 7, episodeID: "e1")
        #expect(result.observation == EchoObservation(echoedMessage: "Echo environment ready!", messageLength: 0))
        #expect(result.reward == 0.0)
        #expect(result.done == false)
        #expect(await EchoEnvironment().state().stepCount == 0)
    }

    @Test func resetUsesTheGivenEpisodeIDOrMakesAFreshLowercaseOne() async throws {
        let environment = EchoEnvironment()
        _ = await environment.reset(seed: nil, episodeID: "episode-001")
        #expect(await environment.state() == EpisodeState(episodeID: "episode-001", stepCount: 0))
        _ = await environment.reset(seed: nil, episodeID: nil)
        let generated = try #require(await environment.state().episodeID)
        #expect(generated.count == 36)
        #expect(generated == generated.lowercased())
        #expect(generated != "episode-001")
    }

    @Test func stepEchoesWithLengthInCodePointsAndRewardATenthPerCodePoint() async throws {
        let environment = EchoEnvironment()
        let result = await environment.step(EchoAction(message: "aé中😀"), context: StepContext())
        #expect(result.observation.echoedMessage == "aé中😀")
        #expect(result.observation.messageLength == 4)
        #expect(result.reward == Double(4) * 0.1)
        #expect(result.observation.metadata == ["original_message": "aé中😀", "step_count": 1])
    }

    @Test func theRewardOfAbcIsTheFloatingPointProduct() async throws {
        let result = await EchoEnvironment().step(EchoAction(message: "abc"), context: StepContext())
        #expect(result.reward == 0.30000000000000004)
    }

    @Test func anEmptyMessageIsValidWithRewardZero() async throws {
        let result = await EchoEnvironment().step(EchoAction(message: ""), context: StepContext())
        #expect(result.observation.messageLength == 0)
        #expect(result.reward == 0.0)
    }

    @Test func stepBeforeResetWorksOnAFreshEpisode() async throws {
        let environment = EchoEnvironment()
        let before = await environment.state()
        #expect(before.episodeID != nil)
        _ = await environment.step(EchoAction(message: "x"), context: StepContext())
        _ = await environment.step(EchoAction(message: "y"), context: StepContext())
        #expect(await environment.state() == EpisodeState(episodeID: before.episodeID, stepCount: 2))
    }

    @Test func resetStartsCountingAgain() async throws {
        let environment = EchoEnvironment()
        _ = await environment.step(EchoAction(message: "x"), context: StepContext())
        _ = await environment.reset(seed: nil, episodeID: nil)
        #expect(await environment.state().stepCount == 0)
    }

    @Test func theSchemasMatchOpenEnvsEchoModels() {
        #expect(EchoAction.jsonSchema.jsonValue.objectValue?["required"] == ["message"])
        #expect(EchoAction.jsonSchema.properties.map(\.name) == ["metadata", "message"])
        #expect(EchoObservation.jsonSchema.properties.map(\.name) == ["done", "reward", "metadata", "echoed_message", "message_length"])
        #expect(EchoEnvironment.descriptor.name == "EchoEnvironment")
    }
}

@Suite struct EchoOverTheWireTests {
    let environment = AnyEnvironment(EchoEnvironment())

    @Test func resetAndStepProduceTheWireShape() async throws {
        #expect(try await environment.reset(seed: nil, episodeID: "w1") == [
            "observation": ["echoed_message": "Echo environment ready!", "message_length": 0, "metadata": [:]],
            "reward": .double(0.0), "done": false,
        ])
        #expect(try await environment.step(["message": "abc"], context: StepContext()) == [
            "observation": ["echoed_message": "abc", "message_length": 3, "metadata": ["original_message": "abc", "step_count": 1]],
            "reward": 0.30000000000000004, "done": false,
        ])
        #expect(try await environment.state() == ["episode_id": "w1", "step_count": 1])
    }

    @Test func anInvalidActionIsRejectedAndLeavesTheEpisodeUnchanged() async throws {
        _ = try await environment.reset(seed: nil, episodeID: "w2")
        _ = try await environment.step(["message": "a"], context: StepContext())
        await #expect(throws: EnvironmentError.invalidAction([
            ValidationIssue(type: "extra_forbidden", location: [.key("bogus")], message: "Extra inputs are not permitted", input: 1)
        ])) {
            try await environment.step(["message": "b", "bogus": 1], context: StepContext())
        }
        await #expect(throws: EnvironmentError.self) { try await environment.step(["message": 5], context: StepContext()) }
        await #expect(throws: EnvironmentError.self) { try await environment.step([:], context: StepContext()) }
        #expect(try await environment.state() == ["episode_id": "w2", "step_count": 1])
    }

    @Test func metadataOnAnActionIsAccepted() async throws {
        let result = try await environment.step(["message": "hi", "metadata": ["tag": "t"]], context: StepContext())
        #expect(result.objectValue?["reward"] == .double(Double(2) * 0.1))
    }
}

@Suite struct EnvironmentRegistryTests {
    @Test func aRegistrationCarriesTheEnvironmentsDescriptorAndSchemas() async throws {
        var registry = EnvironmentRegistry()
        registry.register("echo", EchoEnvironment.self) { EchoEnvironment() }
        let registration = try registry.registration(named: "echo")
        #expect(registration.descriptor == EchoEnvironment.descriptor)
        #expect(registration.actionSchema == EchoAction.jsonSchema)
        #expect(registration.stateSchema == EpisodeState.jsonSchema)
        let first = try await registration.makeEnvironment()
        let second = try await registration.makeEnvironment()
        _ = try await first.step(["message": "x"], context: StepContext())
        #expect(try await second.state().objectValue?["step_count"] == 0)
    }

    @Test func anUnknownNameListsWhatIsAvailable() {
        var registry = EnvironmentRegistry()
        registry.register("echo", EchoEnvironment.self) { EchoEnvironment() }
        #expect(throws: EnvironmentError.unknownEnvironment(name: "coding", available: ["echo"])) {
            try registry.registration(named: "coding")
        }
        #expect(EnvironmentError.unknownEnvironment(name: "coding", available: ["echo"]).message
            == "Environment 'coding' is not available in this build; available: echo")
    }

    @Test func aFailingFactoryBecomesFactoryFailed() async {
        struct Broken: Error, CustomStringConvertible { var description: String { "no workers" } }
        var registry = EnvironmentRegistry()
        registry.register("broken", EchoEnvironment.self) { throw Broken() }
        await #expect(throws: EnvironmentError.factoryFailed(environment: "EchoEnvironment", reason: "no workers")) {
            try await registry.registration(named: "broken").makeEnvironment()
        }
    }
}
