/// What the server asks of the zygote over the control socket.
package enum ControlRequest: Equatable {
    /// First message, exactly once: how to confine every worker.
    case configure(SandboxSettings)
    /// Fork one worker; the reply carries the same id.
    case spawn(requestID: UInt64)
    /// SIGKILL a live worker. Only the zygote, its parent, may signal it:
    /// until the zygote reaps it, its pid cannot be reused, so the kill
    /// can never hit an unrelated process.
    case kill(pid: Int32)

    private enum Tag: UInt8 {
        case configure = 1, spawn, kill
    }

    package func encoded() -> [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .configure(let settings):
            writer.write(Tag.configure.rawValue)
            settings.encode(into: &writer)
        case .spawn(let requestID):
            writer.write(Tag.spawn.rawValue)
            writer.write(requestID)
        case .kill(let pid):
            writer.write(Tag.kill.rawValue)
            writer.write(pid)
        }
        return writer.bytes
    }

    package init(decoding payload: [UInt8]) throws(FrameError) {
        var reader = ByteReader(payload)
        switch Tag(rawValue: try reader.readUInt8()) {
        case .configure: self = .configure(try SandboxSettings(decoding: &reader))
        case .spawn: self = .spawn(requestID: try reader.readUInt64())
        case .kill: self = .kill(pid: try reader.readInt32())
        case nil: throw .malformed("unknown control request tag")
        }
        try reader.expectEnd()
    }
}

/// What the zygote tells the server.
package enum ControlReply: Equatable {
    /// Configured and probed: workers can be spawned. `missingLayers` are
    /// the allowed-weaker layers this host could not set up.
    case ready(missingLayers: [SandboxLayer], pythonVersion: String)
    /// The zygote cannot serve (a required layer failed, CPython did not
    /// start) and exits after sending this.
    case failed(String)
    /// A worker exists; its socket arrives with this message (SCM_RIGHTS).
    case spawned(requestID: UInt64, pid: Int32)
    case spawnFailed(requestID: UInt64, message: String)
    /// A worker ended; `status` is the raw `waitpid` status.
    case exited(pid: Int32, status: Int32)

    private enum Tag: UInt8 {
        case ready = 1, failed, spawned, spawnFailed, exited
    }

    package func encoded() -> [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .ready(let missing, let version):
            writer.write(Tag.ready.rawValue)
            writer.write(SandboxLayer.mask(of: missing))
            writer.write(lengthPrefixed: version)
        case .failed(let message):
            writer.write(Tag.failed.rawValue)
            writer.write(lengthPrefixed: message)
        case .spawned(let requestID, let pid):
            writer.write(Tag.spawned.rawValue)
            writer.write(requestID)
            writer.write(pid)
        case .spawnFailed(let requestID, let message):
            writer.write(Tag.spawnFailed.rawValue)
            writer.write(requestID)
            writer.write(lengthPrefixed: message)
        case .exited(let pid, let status):
            writer.write(Tag.exited.rawValue)
            writer.write(pid)
            writer.write(status)
        }
        return writer.bytes
    }

    package init(decoding payload: [UInt8]) throws(FrameError) {
        var reader = ByteReader(payload)
        switch Tag(rawValue: try reader.readUInt8()) {
        case .ready:
            self = .ready(
                missingLayers: SandboxLayer.layers(in: try reader.readUInt32()),
                pythonVersion: try reader.readLengthPrefixedString())
        case .failed: self = .failed(try reader.readLengthPrefixedString())
        case .spawned: self = .spawned(requestID: try reader.readUInt64(), pid: try reader.readInt32())
        case .spawnFailed:
            self = .spawnFailed(requestID: try reader.readUInt64(), message: try reader.readLengthPrefixedString())
        case .exited: self = .exited(pid: try reader.readInt32(), status: try reader.readInt32())
        case nil: throw .malformed("unknown control reply tag")
        }
        try reader.expectEnd()
    }
}
