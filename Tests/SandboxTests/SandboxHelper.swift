import Foundation
import TestSupport

/// Runs Python code in a confined worker through `sandbox-helper`, a small C
/// program compiled from `SandboxHelperSource` and the `Sandbox/` C files
/// (once, until they change). It forks the worker from an initialised CPython, the
/// way the zygote does, so the multithreaded test process never forks (a raw
/// clone of a multithreaded process may leave the child holding a lock).
enum SandboxHelper {
    /// What a worker run left behind.
    struct Outcome: Equatable {
        /// The worker's exit status; 128 + signal when killed, 3 when
        /// `sandbox_spawn` failed (the message is then on stderr).
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The compiled helper, built on first use.
    static let binary: Result<URL, SetupError> = build()

    /// Confinement needs root: the parent writes id maps to arbitrary
    /// outside ids. (A helper that does not compile fails every test.)
    static var isAvailable: Bool { getuid() == 0 }

    /// Runs `code` in a worker confined with `options` (`--disable LAYER`,
    /// `--profile permissive`, `--nproc 16`, ...; see the helper's `parse`).
    static func run(_ code: String, _ options: [String] = []) async throws -> Outcome {
        try await execute(options + ["-c", code])
    }

    /// `sandbox_probe` with `options`: "ok" or the first failing layer's message.
    static func probe(_ options: [String] = [], wrappedIn wrapper: [String] = []) async throws -> Outcome {
        try await execute(options + ["--probe"], wrappedIn: wrapper)
    }

    /// Runs the helper, optionally under a wrapper command (`unshare`,
    /// `setpriv`), in a minimal environment so that `python3` resolves to
    /// Debian's, as it does for the zygote.
    static func execute(_ arguments: [String], wrappedIn wrapper: [String] = []) async throws -> Outcome {
        try await offThePool { try executeBlocking(arguments, wrappedIn: wrapper) }
    }

    /// Blocks until the helper (and, on first use, its compiler) exits.
    private static func executeBlocking(_ arguments: [String], wrappedIn wrapper: [String]) throws -> Outcome {
        let helper = try binary.get()
        let process = Process()
        let command = wrapper + [helper.path] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        // stdout is a pipe read to its end, which comes only once the worker
        // has exited too, even when it outlives the helper (`--orphan`).
        let stdout = try ClosingPipe()
        let stderr = try OutputFile()
        process.standardOutput = stdout.writer
        process.standardError = stderr.handle
        try process.run()
        try stdout.writer.close()
        let printed = try stdout.reader.readToEnd() ?? Data()
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal
        return Outcome(
            status: killed ? 128 + process.terminationStatus : process.terminationStatus,
            stdout: String(decoding: printed, as: UTF8.self), stderr: try stderr.contents())
    }

    /// Compiles the helper into a directory named by a hash of its sources,
    /// so test runs share one build until `Sandbox/` or the helper changes;
    /// each build goes to a private name first and is renamed into place.
    private static func build() -> Result<URL, SetupError> {
        let sandbox = repository.appendingPathComponent("Sandbox")
        let sources: [URL]
        do {
            sources = try ["", "include"].flatMap {
                try FileManager.default.contentsOfDirectory(
                    at: sandbox.appendingPathComponent($0), includingPropertiesForKeys: nil)
            }.filter { ["c", "h"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
        } catch {
            return .failure(SetupError(description: "listing \(sandbox.path): \(error)"))
        }
        var digest = Digest()
        digest.add(Data(SandboxHelperSource.text.utf8))
        for source in sources { digest.add((try? Data(contentsOf: source)) ?? Data()) }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("codeenv-sandbox-helper-\(digest.hex)")
        let binary = directory.appendingPathComponent("sandbox-helper")
        if FileManager.default.isExecutableFile(atPath: binary.path) { return .success(binary) }
        let source = directory.appendingPathComponent("sandbox_helper-\(getpid()).c")
        let staging = directory.appendingPathComponent("sandbox-helper-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try SandboxHelperSource.text.write(to: source, atomically: true, encoding: .utf8)
        } catch {
            return .failure(SetupError(description: "writing \(source.path): \(error)"))
        }
        let command = """
            cc -O2 -std=gnu11 -Wall -Werror -o '\(staging.path)' '\(source.path)' '\(sandbox.path)'/*.c \\
            -I'\(sandbox.path)/include' $(pkg-config --cflags --libs python3-embed) -lseccomp -lcap \\
            && mv '\(staging.path)' '\(binary.path)' && rm '\(source.path)'
            """
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/bin/sh")
        compiler.arguments = ["-c", command]
        do {
            let stderr = try OutputFile()
            compiler.standardError = stderr.handle
            try compiler.run()
            compiler.waitUntilExit()
            guard compiler.terminationStatus == 0 else {
                return .failure(SetupError(description: "\(command)\n\(try stderr.contents())"))
            }
        } catch {
            return .failure(SetupError(description: "\(command): \(error)"))
        }
        return .success(binary)
    }
}

/// 64-bit FNV-1a: a stable name for a set of sources (Swift's Hasher is
/// seeded per process).
private struct Digest {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: Data) {
        for byte in bytes {
            state = (state ^ UInt64(byte)) &* 0x100_0000_01b3
        }
    }

    var hex: String { String(state, radix: 16) }
}

/// An unlinked temporary file for a child's stderr: unlike a pipe it never
/// blocks the child while the test reads stdout.
private struct OutputFile {
    let handle: FileHandle

    init() throws {
        var template = Array("\(NSTemporaryDirectory())/sandbox-stderr-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw SetupError(description: "mkstemp: errno \(errno)") }
        unlink(template)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func contents() throws -> String {
        try handle.seek(toOffset: 0)
        return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    }
}

/// A pipe whose ends are close-on-exec, so that a helper started by another
/// test cannot inherit the write end and hold off EOF (Glibc's module does
/// not export pipe2; the moment before fcntl can only delay another test).
private struct ClosingPipe {
    let reader: FileHandle
    let writer: FileHandle

    init() throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw SetupError(description: "pipe: errno \(errno)") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        reader = FileHandle(fileDescriptor: ends[0], closeOnDealloc: true)
        writer = FileHandle(fileDescriptor: ends[1], closeOnDealloc: false)
    }
}
