import ArgumentParser

/// `codeenv`: the server (`serve`), a hardened `python3` (`run`) and the
/// evaluation harness (`eval`). Workers come from `codeenv-zygote`, the
/// package's other executable, which all three spawn.
struct CodeEnv: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codeenv",
        abstract: "A sandboxed Python code-execution service speaking OpenEnv's environment protocol.",
        subcommands: [Serve.self, Run.self, Eval.self])
}
