import EnvCore
import Environments
import PythonWorker

extension EnvironmentRegistry {
    /// Every environment `codeenv serve --env` can host, one line each.
    /// The coding environment's instances share `codingPool`, which `serve`
    /// starts before it listens; without one, creating them fails.
    static func builtIn(codingPool: WorkerPool? = nil, codingSettings: CodingSettings = CodingSettings()) -> EnvironmentRegistry {
        var registry = EnvironmentRegistry()
        registry.register("echo", EchoEnvironment.self) { EchoEnvironment() }
        registry.register("coding", CodingEnvironment.self) {
            guard let codingPool else { throw WorkerError.zygoteUnavailable("the worker pool was not started") }
            return CodingEnvironment(pool: codingPool, settings: codingSettings)
        }
        return registry
    }
}
