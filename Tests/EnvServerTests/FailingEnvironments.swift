import EnvCore
import Environments

/// The error environments' failures carry, worded as a client would see it.
struct EnvironmentFailure: Error, CustomStringConvertible {
    var description: String
}

/// An echo registration whose factory always throws, as a coding
/// environment does when no worker can be started.
let brokenRegistration: EnvironmentRegistration = {
    var registry = EnvironmentRegistry()
    registry.register("broken", EchoEnvironment.self) { throw EnvironmentFailure(description: "no workers left") }
    return try! registry.registration(named: "broken")
}()

/// An environment whose every step fails, as a coding environment's does
/// when its worker dies mid-step.
actor FailingEnvironment: Environment {
    static let descriptor = EnvironmentDescriptor(name: "FailingEnvironment", description: "Every step fails.")

    func reset(seed: Int?, episodeID: String?) -> StepResult<EchoObservation> {
        StepResult(observation: EchoObservation(echoedMessage: "", messageLength: 0), reward: 0)
    }

    func step(_ action: EchoAction, context: StepContext) throws -> StepResult<EchoObservation> {
        throw EnvironmentFailure(description: "worker crashed")
    }

    func state() -> EpisodeState { EpisodeState(episodeID: nil) }

    func close() {}
}

let failingRegistration: EnvironmentRegistration = {
    var registry = EnvironmentRegistry()
    registry.register("failing", FailingEnvironment.self) { FailingEnvironment() }
    return try! registry.registration(named: "failing")
}()
