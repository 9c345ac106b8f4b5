import Foundation

/// A TCP listener on the host's 127.0.0.1, standing for any host service.
public struct LoopbackListener: Sendable {
    public let fd: Int32
    public let port: UInt16

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(fd, address, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, address, &length) == 0
            }
        }
        guard fd >= 0, bound else { throw SetupError(description: "loopback listener: errno \(errno)") }
        self.fd = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    public func close() {
        Glibc.close(fd)
    }

    /// A port nothing listens on right now, for a server to take.
    public static func freePort() throws -> UInt16 {
        let listener = try LoopbackListener()
        defer { listener.close() }
        return listener.port
    }
}
