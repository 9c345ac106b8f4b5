import EnvCore
import Testing

@testable import Environments

/// OpenEnv's coding-env rewards, exactly, judged by the worker's own
/// interpreter (PROTOCOL.md lists each case).
struct CodingRewardTests {
    /// The reward and `safety_violation` of one step in a fresh episode.
    private func judge(_ code: String) async throws -> (reward: Double?, violation: JSONValue?) {
        let environment = try await CodingTestPool.environment()
        defer { Task { await environment.close() } }
        let result = try await environment.run(code)
        #expect(result.observation.metadata["last_code"] == .string(code))
        return (result.reward, result.observation.metadata["safety_violation"])
    }

    @Test func shortSafeCodeEarnsTheConciseBonus() async throws {
        #expect(try await judge("print(\"hi\")") == (0.1, nil))
    }

    @Test func importOsIsPenalisedButStillRuns() async throws {
        let environment = try await CodingTestPool.environment()
        let result = try await environment.run("import os\nprint(os.getcwd())")
        #expect(result.reward == -0.9)
        #expect(result.observation.metadata["safety_violation"] == #"import\s+os"#)
        #expect(result.observation.exitCode == 0)
        await environment.close()
    }

    @Test func longUnparsableCodeGetsOnlyTheSyntaxPenalty() async throws {
        #expect(try await judge("x = (" + String(repeating: "1 + ", count: 40)) == (-0.2, nil))
    }

    @Test func parsingFollowsAstParse() async throws {
        #expect(try await judge("return 1") == (0.1, nil))
        #expect(try await judge("  x = 1") == (-0.1, nil))
        #expect(try await judge("eval(") == (-1.1, #"eval\("#))
    }

    @Test func lengthIsCountedInCodePointsAfterPythonsStrip() async throws {
        let hundred = "#" + String(repeating: "é", count: 99)
        #expect(try await judge(hundred) == (0.1, nil))
        #expect(try await judge(hundred + "é") == (0.0, nil))
        #expect(try await judge("\n\t " + hundred + " \n") == (0.1, nil))
        // U+2003 and U+001C are whitespace to str.strip() (100 code points
        // remain: +0.1) but not to the tokenizer (−0.2).
        #expect(try await judge("\u{2003}\n" + hundred + "\u{1C} ") == (-0.1, nil))
    }

    @Test func patternsRunOnTheRawSourceIncludingCommentsAndStrings() async throws {
        #expect(try await judge("x = 'import os'") == (-0.9, #"import\s+os"#))
        #expect(try await judge("# eval(x)") == (-0.9, #"eval\("#))
        #expect(try await judge("reopen(1)") == (-0.9, #"open\("#))
        #expect(try await judge("from os import path") == (0.1, nil))
        #expect(try await judge("open (1)") == (0.1, nil))
        #expect(try await judge("importos") == (0.1, nil))
    }

    @Test func theFirstPatternInListOrderIsReported() async throws {
        #expect(try await judge("open(1); eval('2'); __import__('x')") == (-0.9, #"eval\("#))
        #expect(try await judge("exec('1'); import subprocess") == (-0.9, #"import\s+subprocess"#))
    }

    @Test func longSafeSnippetEarnsNothing() async throws {
        #expect(try await judge(String(repeating: "x = 1\n", count: 20)) == (0.0, nil))
    }
}
