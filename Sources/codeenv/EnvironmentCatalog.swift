import EnvCore
import Environments

extension EnvironmentRegistry {
    /// Every environment `codeenv serve --env` can host, one line each.
    static var builtIn: EnvironmentRegistry {
        var registry = EnvironmentRegistry()
        registry.register("echo", EchoEnvironment.self) { EchoEnvironment() }
        return registry
    }
}
