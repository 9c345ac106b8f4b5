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
    /// Bytes read past the last whole request (only the main thread
    /// receives; the lock only makes that checkable).
    private let received = Mutex<[UInt8]>([])
    private static let readSize = 16 << 10

    init(fd: Int32) {
        self.fd = fd
    }

    /// The next request; nil once the server closed its end (or broke the
    /// protocol: the worker has nothing better to do than end then).
    func receiveRequest() -> ExecuteRequest? {
        received.withLock { pending in
            guard fill(&pending, to: Framing.headerSize),
                let length = try? Framing.payloadLength(
                    header: pending[..<Framing.headerSize], limit: Framing.maxRequestPayload),
                fill(&pending, to: Framing.headerSize + length)
            else { return nil }
            let request = try? ExecuteRequest(decoding: Array(pending[Framing.headerSize..<Framing.headerSize + length]))
            pending.removeFirst(Framing.headerSize + length)
            return request
        }
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

    /// Reads until `pending` holds `count` bytes, taking whatever the
    /// socket has each time: a request usually arrives in one read.
    private func fill(_ pending: inout [UInt8], to count: Int) -> Bool {
        while pending.count < count {
            let got = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.readSize) { buffer in
                let got = retryingOnInterrupt { read(fd, buffer.baseAddress, buffer.count) }
                if got > 0 { pending.append(contentsOf: buffer[..<got]) }
                return got
            }
            guard got > 0 else { return false }
        }
        return true
    }
}
