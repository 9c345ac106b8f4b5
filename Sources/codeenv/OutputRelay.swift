import Environments
import Foundation
import PythonWorker
import Synchronization

/// Passes a `codeenv run` program's output on to this process's stdout and
/// stderr as the worker sends it, then, from the whole result, what was
/// not sent as output: a truncation marker and codeenv's own notes (a
/// hard kill, a lost worker). A remote run sends nothing as it goes, so
/// `finish` prints all of it.
final class OutputRelay: Sendable {
    private let relayed = Mutex<[PythonWorker.OutputStream: [UInt8]]>([:])

    func write(_ stream: PythonWorker.OutputStream, _ bytes: [UInt8]) {
        relayed.withLock { $0[stream, default: []] += bytes }
        Self.handle(stream).write(Data(bytes))
    }

    /// The result's texts start with the relayed bytes, decoded (invalid
    /// UTF-8 replaced), and end with the notes.
    func finish(with result: ExecutionResult) {
        for (stream, text) in [(PythonWorker.OutputStream.stdout, result.stdout), (.stderr, result.stderr)] {
            let relayedText = String(decoding: relayed.withLock { $0[stream] ?? [] }, as: UTF8.self)
            Self.handle(stream).write(Data(text.utf8.dropFirst(relayedText.utf8.count)))
        }
    }

    private static func handle(_ stream: PythonWorker.OutputStream) -> FileHandle {
        stream == .stdout ? .standardOutput : .standardError
    }
}
