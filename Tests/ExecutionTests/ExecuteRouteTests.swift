import EnvCore
import Environments
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /execute` through the real router and a real worker pool.
@Suite struct ExecuteRouteTests {
    @Test func executeFeedsStdinAndReturnsTheRun() async throws {
        let app = try executeServer(try await ExecutionTestPool.executor())
        try await app.test(.router) { client in
            let reply = try await client.execute(#"{"code": "import sys\nline = input()\nprint(line[::-1])\nprint(repr(sys.stdin.read()))", "stdin": "abc\nrest\n"}"#)
            #expect(reply.status == .ok)
            #expect(reply.json[member: "stdout"] == "cba\n'rest\\n'\n")
            #expect(reply.json[member: "stderr"] == "")
            #expect(reply.json[member: "exit_code"] == 0)
            #expect(reply.json[member: "timed_out"] == false)
            let duration = try #require(reply.json[member: "duration_s"]?.doubleValue)
            #expect(duration > 0 && duration < 5)
        }
    }

    @Test func executeWithoutStdinReadsEndOfFile() async throws {
        let app = try executeServer(try await ExecutionTestPool.executor())
        try await app.test(.router) { client in
            let reply = try await client.execute(#"{"code": "import sys\nprint(repr(sys.stdin.read()))\nsys.exit(3)"}"#)
            #expect(reply.json[member: "stdout"] == "''\n")
            #expect(reply.json[member: "exit_code"] == 3)
        }
    }

    @Test func executeStopsCodeAtItsTimeout() async throws {
        let app = try executeServer(try await ExecutionTestPool.executor())
        try await app.test(.router) { client in
            let reply = try await client.execute(#"{"code": "while True:\n    pass", "timeout_s": 0.5}"#)
            #expect(reply.status == .ok)
            #expect(reply.json[member: "timed_out"] == true)
            #expect(reply.json[member: "exit_code"] == 1)
            #expect(reply.json[member: "stderr"] == """
                Traceback (most recent call last):
                  File "<cell>", line 1, in <module>
                KeyboardInterrupt: time limit of 0.5 s exceeded

                """)
        }
    }

    @Test func executeGivesEveryRequestAFreshWorker() async throws {
        let app = try executeServer(try await ExecutionTestPool.executor())
        try await app.test(.router) { client in
            let first = try await client.execute(#"{"code": "x = 1\nopen('/tmp/left-behind', 'w').write('x')\nprint('wrote')"}"#)
            #expect(first.json[member: "stdout"] == "wrote\n")
            let second = try await client.execute(#"{"code": "import os\nprint('x' in globals(), os.path.exists('/tmp/left-behind'))"}"#)
            #expect(second.json[member: "stdout"] == "False False\n")
        }
    }

    @Test func executeReportsAWorkerThatExits() async throws {
        let app = try executeServer(try await ExecutionTestPool.executor())
        try await app.test(.router) { client in
            let reply = try await client.execute(#"{"code": "import os\nos._exit(7)"}"#)
            #expect(reply.json[member: "exit_code"] == 7)
            #expect(reply.json[member: "timed_out"] == false)
        }
    }

    @Test func executeRejectsInvalidBodiesAsFastAPIDoes() async throws {
        let app = try executeServer(try await ExecutionTestPool.executor())
        try await app.test(.router) { client in
            let missing = try await client.execute(#"{"stdin": "x"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.json == ["detail": [["type": "missing", "loc": ["body", "code"], "msg": "Field required", "input": ["stdin": "x"]]]])
            let badTimeout = try await client.execute(#"{"code": "1", "timeout_s": 0}"#)
            #expect(badTimeout.status == .unprocessableContent)
            #expect(badTimeout.json == ["detail": [[
                "type": "greater_than", "loc": ["body", "timeout_s"], "msg": "Input should be greater than 0", "input": 0,
                "ctx": ["gt": 0.0],
            ]]])
            let badStdin = try await client.execute(#"{"code": "1", "stdin": 5}"#)
            #expect(badStdin.json == ["detail": [["type": "string_type", "loc": ["body", "stdin"], "msg": "Input should be a valid string", "input": 5]]])
        }
    }

    /// Three requests at once against one running slot and one queued
    /// place: whichever arrives last is refused. Each program runs for
    /// seconds, so all three reach the gate while the first still runs,
    /// however loaded the machine.
    @Test func executeRefusesPastItsRunningAndQueuedSlots() async throws {
        let app = try executeServer(try await ExecutionTestPool.executor(maxConcurrent: 1, maxQueued: 1))
        try await app.test(.router) { client in
            let slow = #"{"code": "import time\ntime.sleep(4)\nprint('done')"}"#
            async let first = client.execute(slow)
            async let second = client.execute(slow)
            async let third = client.execute(slow)
            let replies = try await [first, second, third]
            let refused = replies.filter { $0.status == .serviceUnavailable }
            #expect(refused.count == 1)
            #expect(refused.first?.retryAfter == "1")
            #expect(refused.first?.json == ["detail": "Server busy: 1 executions running and 1 queued (the most it takes); retry shortly"])
            #expect(replies.filter { $0.json[member: "stdout"] == "done\n" }.count == 2)
        }
    }
}
