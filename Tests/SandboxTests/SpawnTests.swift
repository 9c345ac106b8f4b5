import Testing

/// What `sandbox_spawn` does whatever the layers: descriptors, the
/// parent-death signal, and a failing layer reported by name.
@Suite(.enabled(if: SandboxHelper.isAvailable))
struct SpawnTests {
    static let listDescriptors = "import os; print(sorted(int(fd) for fd in os.listdir('/proc/self/fd')))"

    /// 0, 1, 2, the kept 9 and 3 (listdir's own); the inherited 7 is closed.
    @Test(arguments: [["--disable", "all"], []])
    func closesInheritedDescriptorsExceptTheKeptOnes(layers: [String]) async throws {
        let outcome = try await SandboxHelper.run(
            Self.listDescriptors, layers + ["--inherit-fd", "7", "--inherit-fd", "9", "--keep-fd", "9"])
        #expect(outcome.stdout == "[0, 1, 2, 3, 9]\n")
    }

    @Test(arguments: [["--disable", "all"], []])
    func setsTheParentDeathSignal(layers: [String]) async throws {
        let outcome = try await SandboxHelper.run("""
            import ctypes
            signal = ctypes.c_int()
            ctypes.CDLL(None).prctl(2, ctypes.byref(signal))  # PR_GET_PDEATHSIG
            print(signal.value)
            """, layers)
        #expect(outcome.stdout == "9\n")
    }

    /// The helper exits right after the spawn without waiting; the worker
    /// would print after a second if the parent-death signal had not killed
    /// it (the helper's stdout is read until the worker has closed it too).
    @Test func workerDiesWithItsParent() async throws {
        let outcome = try await SandboxHelper.run("import time; time.sleep(1); print('outlived the parent')", ["--orphan"])
        #expect(outcome == .init(status: 0, stdout: "", stderr: ""))
    }
}
