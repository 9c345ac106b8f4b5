import Glibc

/// One end of the zygote's control socket: an `AF_UNIX` `SOCK_SEQPACKET`
/// socket, so each message arrives whole and alone, and a message may carry
/// one file descriptor (`SCM_RIGHTS`): how a new worker's socket travels
/// from the zygote to the server.
///
/// This value does not own the descriptor; `ZygoteConnection` (server side)
/// and `Zygote` (zygote side) do and close it.
package struct ControlSocket: Sendable {
    /// The control socket's descriptor in the zygote; the server's
    /// `posix_spawn` places it there.
    package static let zygoteDescriptor: Int32 = 3

    package let fd: Int32

    package init(fd: Int32) {
        self.fd = fd
    }

    /// No control message comes near this; a larger one is a broken peer.
    package static let maxMessage = 4096

    /// `CMSG_SPACE(sizeof(int))` and friends, which are C macros.
    private static let headerSpace = align(MemoryLayout<cmsghdr>.size)
    private static let controlSpace = headerSpace + align(MemoryLayout<Int32>.size)

    private static func align(_ length: Int) -> Int {
        (length + MemoryLayout<Int>.size - 1) & ~(MemoryLayout<Int>.size - 1)
    }

    /// Sends one message, with `descriptor` attached when given (the
    /// receiver gets its own copy; the sender still owns and closes its).
    package func send(_ bytes: [UInt8], passing descriptor: Int32? = nil) throws(SystemCallError) {
        let sent = bytes.withUnsafeBytes { payload in
            withUnsafeTemporaryAllocation(byteCount: Self.controlSpace, alignment: MemoryLayout<Int>.alignment) { control in
                var iov = iovec(iov_base: UnsafeMutableRawPointer(mutating: payload.baseAddress), iov_len: payload.count)
                return withUnsafeMutablePointer(to: &iov) { iovPointer in
                    var message = msghdr()
                    message.msg_iov = iovPointer
                    message.msg_iovlen = 1
                    if let descriptor {
                        control.initializeMemory(as: UInt8.self, repeating: 0)
                        let header = control.baseAddress!.assumingMemoryBound(to: cmsghdr.self)
                        header.pointee.cmsg_len = Self.headerSpace + MemoryLayout<Int32>.size
                        header.pointee.cmsg_level = SOL_SOCKET
                        header.pointee.cmsg_type = Int32(SCM_RIGHTS)
                        control.storeBytes(of: descriptor, toByteOffset: Self.headerSpace, as: Int32.self)
                        message.msg_control = control.baseAddress
                        message.msg_controllen = Self.controlSpace
                    }
                    return retryingOnInterrupt { sendmsg(fd, &message, Int32(MSG_NOSIGNAL)) }
                }
            }
        }
        guard sent == bytes.count else { throw SystemCallError(call: "sendmsg(control socket)", errno: sent < 0 ? errno : EMSGSIZE) }
    }

    /// Receives one message and the descriptor it carries (close-on-exec,
    /// owned by the caller from here on), or nil when the peer closed.
    package func receive() throws(SystemCallError) -> (bytes: [UInt8], descriptor: Int32?)? {
        var bytes = [UInt8](repeating: 0, count: Self.maxMessage)
        var flags: Int32 = 0
        var descriptors: [Int32] = []
        let received = bytes.withUnsafeMutableBytes { payload in
            withUnsafeTemporaryAllocation(byteCount: Self.controlSpace, alignment: MemoryLayout<Int>.alignment) { control in
                var iov = iovec(iov_base: payload.baseAddress, iov_len: payload.count)
                return withUnsafeMutablePointer(to: &iov) { iovPointer in
                    var message = msghdr()
                    message.msg_iov = iovPointer
                    message.msg_iovlen = 1
                    message.msg_control = control.baseAddress
                    message.msg_controllen = Self.controlSpace
                    let count = retryingOnInterrupt { recvmsg(fd, &message, Int32(MSG_CMSG_CLOEXEC)) }
                    flags = message.msg_flags
                    if count >= 0, message.msg_controllen >= Self.headerSpace {
                        let header = control.baseAddress!.assumingMemoryBound(to: cmsghdr.self).pointee
                        if header.cmsg_level == SOL_SOCKET, header.cmsg_type == Int32(SCM_RIGHTS) {
                            let dataBytes = Int(header.cmsg_len) - Self.headerSpace
                            for index in 0..<max(0, dataBytes / MemoryLayout<Int32>.size) {
                                descriptors.append(control.load(
                                    fromByteOffset: Self.headerSpace + index * MemoryLayout<Int32>.size, as: Int32.self))
                            }
                        }
                    }
                    return count
                }
            }
        }
        // A reset is how a peer that exited without closing says goodbye.
        if received < 0 && errno == ECONNRESET { return nil }
        if received < 0 { throw SystemCallError(call: "recvmsg(control socket)", errno: errno) }
        if received == 0 && descriptors.isEmpty { return nil }
        guard flags & Int32(MSG_TRUNC | MSG_CTRUNC) == 0, descriptors.count <= 1 else {
            descriptors.forEach { _ = close($0) }
            throw SystemCallError(call: "recvmsg(control socket): truncated message", errno: EMSGSIZE)
        }
        return (Array(bytes[..<received]), descriptors.first)
    }
}
