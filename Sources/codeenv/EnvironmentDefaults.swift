import Foundation

/// Defaults of `codeenv serve` flags read from `CODEENV_*` environment
/// variables, as OpenEnv's images select their environment
/// (`CODEENV_ENV=echo`): a container sets them once in its image or its
/// Kubernetes spec, and a flag on the command line still wins.
enum EnvironmentDefaults {
    static func string(_ name: String, else fallback: String) -> String {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
    }

    /// A variable that is not a whole number leaves the fallback.
    static func int(_ name: String, else fallback: Int) -> Int {
        Int(string(name, else: "")) ?? fallback
    }
}
