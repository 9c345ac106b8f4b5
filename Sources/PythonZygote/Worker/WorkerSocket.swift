import Glibc
import Synchronization
import WorkerProtocol

/// The worker's end of its socketpair with the server: blocking frame I/O.
///
/// Two threads send on it, the main thread (analysis, completion) and the
/// output drain thread (output chunks); a lock keeps every frame whole.
/// Only the main thread receives. The descriptor lives as long as the
/// worker process, which ends with `_exit` once the server goes away.
final class WorkerSocket: Sendable {
    private let fd: Int32
    private let sendLock = Mutex<Void>(())

    init(fd: Int32) {
        self.fd = fd
    }

    /// The next request; nil once the server closed its end (or broke the
    /// protocol: the worker has nothing better to do than end then).
    func receiveRequest() -> ExecuteRequest? {
        var header = [UInt8](repeating: 0, count: Framing.headerSize)
        guard readFully(&header),
            let length = try? Framing.payloadLength(header: header, limit: Framing.maxRequestPayload)
        else { return nil }
        var payload = [UInt8](repeating: 0, count: length)
        guard readFully(&payload) else { return nil }
        return try? ExecuteRequest(decoding: payload)
    }

    /// Sends one reply; false when the server is gone.
    func send(_ reply: WorkerReply) -> Bool {
        let frame = Framing.frame(reply.encoded())
        return sendLock.withLock { _ in
            frame.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = retryingOnInterrupt {
                        Glibc.send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                    }
                    guard written > 0 else { return false }
                    offset += written
                }
                return true
            }
        }
    }

    private func readFully(_ buffer: inout [UInt8]) -> Bool {
        buffer.withUnsafeMutableBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = retryingOnInterrupt { read(fd, bytes.baseAddress! + offset, bytes.count - offset) }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
    }
}
