import Testing

/// The rlimits layer, with hostile code run only inside confined workers.
@Suite(.enabled(if: SandboxHelper.isAvailable))
struct ResourceLimitTests {
    static let limits = [
        "--as", "\(1 << 30)", "--cpu", "1", "--nproc", "16", "--nofile", "64", "--fsize", "\(1 << 20)",
    ]

    @Test func limitsAreSetSoftAndHard() async throws {
        let outcome = try await SandboxHelper.run("""
            import resource as r
            for name in ("AS", "CPU", "NPROC", "NOFILE", "FSIZE", "CORE"):
                print(name, r.getrlimit(getattr(r, "RLIMIT_" + name)))
            """, Self.limits)
        #expect(outcome.stdout == """
            AS (1073741824, 1073741824)
            CPU (1, 1)
            NPROC (16, 16)
            NOFILE (64, 64)
            FSIZE (1048576, 1048576)
            CORE (0, 0)

            """)
    }

    @Test func memoryBombRaisesMemoryError() async throws {
        let outcome = try await SandboxHelper.run("""
            try:
                hog = bytearray(2 << 30)
            except MemoryError:
                print("MemoryError")
            """, Self.limits)
        #expect(outcome.stdout == "MemoryError\n")
    }

    /// Soft and hard limits are equal: the hard limit's SIGKILL ends it.
    @Test func infiniteLoopIsKilledAtTheCPULimit() async throws {
        let outcome = try await SandboxHelper.run("while True: pass", Self.limits)
        #expect(outcome.status == 128 + 9)
    }

    @Test func tooManyFilesRaisesEMFILE() async throws {
        let outcome = try await SandboxHelper.run("""
            files = []
            try:
                while True:
                    files.append(open("/dev/null"))
            except OSError as e:
                print(e.strerror)
            """, Self.limits)
        #expect(outcome.stdout == "Too many open files\n")
    }

    /// CPython ignores SIGXFSZ, so the write fails with EFBIG instead.
    @Test func fileSizeLimitFailsTheWrite() async throws {
        let outcome = try await SandboxHelper.run("""
            try:
                open("/tmp/big", "wb").write(b"x" * (2 << 20))
            except OSError as e:
                print(e.strerror)
            """, Self.limits)
        #expect(outcome.stdout == "File too large\n")
    }

    /// RLIMIT_NPROC counts threads too; the worker and its namespace's init
    /// are two of the 16.
    /// Without RLIMIT_AS here: each thread may also reserve a 64 MiB glibc
    /// malloc arena, so under an address-space limit the count would depend
    /// on timing.
    @Test func threadBombStopsAtTheProcessLimit() async throws {
        let outcome = try await SandboxHelper.run("""
            import threading, time
            started = 0
            try:
                while True:
                    threading.Thread(target=time.sleep, args=(10,), daemon=True).start()
                    started += 1
            except RuntimeError as e:
                print(e, started)
            """, ["--nproc", "16"])
        #expect(outcome.stdout == "can't start new thread 14\n")
    }

    /// With the permissive profile fork is allowed: RLIMIT_NPROC stops the
    /// bomb, and the children die with the worker (whose init exits with it).
    @Test func forkBombStopsAtTheProcessLimit() async throws {
        let outcome = try await SandboxHelper.run("""
            import os, time
            children = 0
            try:
                while True:
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    children += 1
            except OSError as e:
                print(e.strerror, children)
            """, Self.limits + ["--profile", "permissive"])
        #expect(outcome.stdout == "Resource temporarily unavailable 14\n")
    }
}
