import TestSupport

extension ServedCodeenv {
    /// `codeenv serve` hosting `environment`, named through `CODEENV_ENV` (so
    /// the test also shows that `serve` reads it); each server's workers get
    /// host ids of their own (`idBase`), clear of the other test targets'
    /// zygotes.
    convenience init(environment: String, idBase: Int, extraArguments: [String] = []) async throws {
        try await self.init(
            arguments: ["--log-level", "error", "--worker-pool-size", "1", "--worker-id-base", "\(idBase)"]
                + extraArguments,
            environment: ["CODEENV_ENV": environment])
    }
}
