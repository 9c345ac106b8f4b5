import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import PythonWorker

/// The pool and the zygote behind it: no leaks, relaunch, broken workers.
struct WorkerPoolTests {
    @Test func fiftyEpisodesInARowLeakNoProcessOrDescriptor() async throws {
        let pool = try await TestWorkers.makePool(warmWorkers: 2, idRange: 1)
        let zygote = await pool.zygotePID
        try await settle { ProcessCensus.children(of: zygote).count == 2 }
        let zygoteDescriptors = Self.descriptorCount(of: zygote)
        let descriptors = ProcessCensus.openDescriptors()
        for episode in 0..<50 {
            let worker = try await pool.acquire()
            #expect(await worker.run("x = \(episode)\nprint(x)").stdout.text == "\(episode)\n")
            worker.close()
        }
        try await settle { ProcessCensus.children(of: zygote).count == 2 }
        #expect(ProcessCensus.children(of: zygote).count == 2)
        #expect(Self.descriptorCount(of: zygote) == zygoteDescriptors)
        // Other suites open and close descriptors in this process at the
        // same time, so this bound is loose; a leak per episode exceeds it.
        try await settle { ProcessCensus.openDescriptors() - descriptors < 10 }
        #expect(ProcessCensus.openDescriptors() - descriptors < 10)
        await pool.shutdown()
    }

    @Test func killedZygoteIsRelaunchedAndItsWorkersAreReportedGone() async throws {
        let pool = try await TestWorkers.makePool(warmWorkers: 1, idRange: 2)
        let worker = try await pool.acquire()
        #expect(await worker.run("x = 1").exitCode == 0)
        let first = await pool.zygotePID
        kill(first, SIGKILL)
        // Seen dead by the pool's zygote connection: its workers died too.
        try await settle { !worker.isAlive }
        let lost = await worker.run("print(x)")
        #expect(!lost.workerSurvived)
        worker.close()
        let fresh = try await pool.acquire()
        #expect(await fresh.run("print(2)").stdout.text == "2\n")
        #expect(await pool.zygotePID != first)
        fresh.close()
        await pool.shutdown()
    }

    /// The pool keeps idle workers on every loop and hands out one whose
    /// socket the caller's loop serves, so a step never changes threads.
    @Test func acquireHandsOutAWorkerServedByTheCallersLoop() async throws {
        let pool = try await TestWorkers.makePool(warmWorkers: 4, idRange: 3)
        let loops = Array(MultiThreadedEventLoopGroup.singleton.makeIterator())
        for round in 0..<3 {
            for loop in loops {
                for _ in 0..<500 where await pool.idleCount < 4 { try await Task.sleep(for: .milliseconds(10)) }
                let worker = try await pool.acquire(near: loop)
                #expect(worker.eventLoop === loop)
                #expect(await worker.run("print(\(round))").stdout.text == "\(round)\n")
                worker.close()
            }
        }
        // A loop of another group (which may shut down before the episode
        // ends) is no preference: the worker stays on the pool's own loops.
        let foreign = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let worker = try await pool.acquire(near: foreign.next())
        #expect(loops.contains { $0 === worker.eventLoop })
        worker.close()
        try await foreign.shutdownGracefully()
        await pool.shutdown()
    }

    @Test func workerThatWritesGarbageToItsSocketIsKilled() async throws {
        let worker = try await TestWorkers.worker()
        defer { worker.close() }
        let outcome = await worker.run("""
            import os, stat
            def is_socket(fd):
                try:
                    return stat.S_ISSOCK(os.fstat(fd).st_mode)
                except OSError:
                    return False
            socket = next(fd for fd in range(3, 256) if is_socket(fd))
            os.write(socket, b'\\xff\\xff\\xff\\xff')
            import time
            time.sleep(5)
            """)
        #expect(outcome.ending == .protocolViolation("frame of 4294967295 bytes exceeds the limit of 1048576"))
        #expect(!worker.isAlive)
    }

    @Test func missingZygoteBinaryIsAClearError() async throws {
        await #expect(throws: WorkerError.zygoteUnavailable("posix_spawn(/nonexistent/codeenv-zygote): No such file or directory")) {
            _ = try await WorkerPool(
                configuration: .init(
                    executable: "/nonexistent/codeenv-zygote", sandbox: TestWorkers.settings, warmWorkers: 0,
                    eventLoopGroup: MultiThreadedEventLoopGroup.singleton),
                logger: .init(label: "test"))
        }
    }

    private static func descriptorCount(of pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
    }

    /// Waits up to five seconds for `condition`.
    private func settle(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }
}
