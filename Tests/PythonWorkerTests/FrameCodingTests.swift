import Testing

@testable import PythonWorker

/// The frame and message layouts shared by server, zygote and worker.
struct FrameCodingTests {
    @Test func executeRequestRoundTripsWithEmbeddedNul() throws {
        let request = ExecuteRequest(code: "print('a\u{0}é')", timeLimit: 2.5, outputLimit: 1 << 20)
        #expect(try ExecuteRequest(decoding: request.encoded()) == request)
    }

    @Test func everyReplyKindRoundTrips() throws {
        let replies: [WorkerReply] = [
            .analysis(CodeAnalysis(safetyViolation: #"import\s+os"#, parses: true, strippedLength: 9)),
            .analysis(CodeAnalysis(safetyViolation: nil, parses: false, strippedLength: 0)),
            .output(.stderr, [0xff, 0x00, 0x41]),
            .completion(StepCompletion(exitCode: -3, timedOut: true, stdoutDropped: 7, stderrDropped: 1 << 40)),
        ]
        for reply in replies {
            #expect(try WorkerReply(decoding: reply.encoded()) == reply)
        }
    }

    @Test func controlMessagesRoundTrip() throws {
        let settings = SandboxSettings(
            seccompProfile: .permissive, allowedWeaker: [.seccomp, .namespaces],
            limits: SandboxLimits(addressSpaceBytes: nil, cpuSeconds: 5), outsideIDBase: 300_000, outsideIDSlots: 10)
        for request in [ControlRequest.configure(settings), .spawn(requestID: 42), .kill(pid: 1234)] {
            #expect(try ControlRequest(decoding: request.encoded()) == request)
        }
        let replies: [ControlReply] = [
            .ready(missingLayers: [.namespaces, .rlimits], pythonVersion: "3.11.2"), .failed("seccomp: no"),
            .spawned(requestID: 7, pid: 99), .spawnFailed(requestID: 8, message: "x"), .exited(pid: 99, status: 0x0400),
        ]
        for reply in replies {
            #expect(try ControlReply(decoding: reply.encoded()) == reply)
        }
    }

    @Test func truncatedPayloadIsMalformed() {
        let bytes = WorkerReply.completion(StepCompletion(exitCode: 0, timedOut: false, stdoutDropped: 0, stderrDropped: 0))
            .encoded()
        #expect(throws: FrameError.self) { try WorkerReply(decoding: Array(bytes.dropLast())) }
        #expect(throws: FrameError.self) { try WorkerReply(decoding: bytes + [0]) }
        #expect(throws: FrameError.self) { try WorkerReply(decoding: [99]) }
    }

    @Test func headerAboveTheLimitIsRejected() throws {
        let header = Framing.header(payloadCount: 1025)
        #expect(header == [0x01, 0x04, 0x00, 0x00])
        #expect(try Framing.payloadLength(header: header, limit: 1025) == 1025)
        #expect(throws: FrameError.tooLarge(length: 1025, limit: 1024)) {
            try Framing.payloadLength(header: header, limit: 1024)
        }
    }

    @Test func outputChunkAboveTheChunkSizeIsMalformed() {
        let bytes = WorkerReply.output(.stdout, [UInt8](repeating: 1, count: WorkerReply.maxChunkBytes + 1)).encoded()
        #expect(throws: FrameError.self) { try WorkerReply(decoding: bytes) }
    }
}
