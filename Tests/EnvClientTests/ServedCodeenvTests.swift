import Testing
import TestSupport

/// The test servers' launcher fails with the server's own words.
struct ServedCodeenvTests {
    @Test func aServerThatCannotStartSaysWhy() async throws {
        await #expect {
            try await ServedCodeenv(arguments: ["--env", "echo", "--max-sessions", "0"])
        } throws: { error in
            let description = "\(error)"
            return description.contains("exited with status 64")
                && description.contains("--max-sessions must be at least 1")
        }
    }
}
