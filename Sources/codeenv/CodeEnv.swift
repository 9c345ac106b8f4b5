import ArgumentParser

/// `codeenv`: the one executable. `serve` is the server; `zygote` is
/// internal (spawned by the server, dispatched in `Entry` before the
/// runtime starts, so it is not listed here).
struct CodeEnv: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codeenv",
        abstract: "A sandboxed Python code-execution service speaking OpenEnv's environment protocol.",
        subcommands: [Serve.self, Run.self, Eval.self])
}
