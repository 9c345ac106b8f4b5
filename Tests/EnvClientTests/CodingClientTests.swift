import EnvClient
import EnvCore
import Foundation
import TestSupport
import Testing

/// The client against a real `codeenv serve` hosting the coding env: real
/// confined workers behind it.
@Suite(.serialized)
struct CodingClientTests {
    @Test(arguments: [EnvClient<CodeAction>.Wire.webSocket, .http])
    func stepsShareANamespaceAndStateCountsThem(wire: EnvClient<CodeAction>.Wire) async throws {
        let server = try await ServedCodeenv(environment: "coding", idBase: 710_000, extraArguments: sandboxArguments)
        defer { server.stop() }
        let env = EnvClient<CodeAction>(baseURL: server.baseURL, over: wire)
        let reset = try await env.reset()
        #expect(reset.observation == (try CodeObservation(fields: ["stdout": "", "stderr": "", "exit_code": 0, "metadata": [:]])))
        #expect(reset.reward == 0.0)
        _ = try await env.step(CodeAction(code: "x = 6 * 7"))
        let printed = try await env.step(CodeAction(code: "print(x)"))
        #expect(printed.observation.stdout == "42\n")
        #expect(printed.observation.exitCode == 0)
        #expect(printed.reward == 0.1)
        let failed = try await env.step(CodeAction(code: "import sys; sys.exit(3)"))
        #expect(failed.observation.exitCode == 3)
        let raised = try await env.step(CodeAction(code: "1 / 0"))
        #expect(raised.observation.exitCode == 1)
        #expect(raised.observation.stderr.hasSuffix("ZeroDivisionError: division by zero\n"))
        let state = try await env.state()
        #expect(state.stepCount == 4)
        #expect(state.fields["last_exit_code"] == 1)
        await env.close()
    }

    @Test func theGenericFormReadsCodingObservations() async throws {
        let server = try await ServedCodeenv(environment: "coding", idBase: 710_000, extraArguments: sandboxArguments)
        defer { server.stop() }
        let env = EnvClient<JSONAction>(baseURL: server.baseURL)
        let result = try await env.step(JSONAction(["code": "import os"]))
        #expect(result.observation["exit_code"] == 0)
        #expect(result.reward == -0.9)
        #expect(result.observation["metadata"]?.objectValue?["safety_violation"] == #"import\s+os"#)
        await env.close()
    }
}

/// Runs wherever the host allows: the sandbox's own tests assert its layers.
let sandboxArguments = ["--allow-weaker-sandbox", "namespaces", "--allow-weaker-sandbox", "filesystem",
                        "--allow-weaker-sandbox", "seccomp", "--allow-weaker-sandbox", "privileges"]
