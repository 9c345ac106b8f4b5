import Sandbox

/// One confinement layer of `Sandbox/`, by the name operators type after
/// `--allow-weaker-sandbox` and read in error messages.
public enum SandboxLayer: String, CaseIterable, Sendable, Comparable {
    case namespaces, filesystem, rlimits, privileges, seccomp

    /// The layer's bit in `sandbox_config.disabled_layers`.
    package var bit: UInt32 {
        switch self {
        case .namespaces: return SANDBOX_LAYER_NAMESPACES.rawValue
        case .filesystem: return SANDBOX_LAYER_FILESYSTEM.rawValue
        case .rlimits: return SANDBOX_LAYER_RLIMITS.rawValue
        case .privileges: return SANDBOX_LAYER_PRIVILEGES.rawValue
        case .seccomp: return SANDBOX_LAYER_SECCOMP.rawValue
        }
    }

    package static func layers(in mask: UInt32) -> [SandboxLayer] {
        allCases.filter { mask & $0.bit != 0 }
    }

    package static func mask(of layers: some Sequence<SandboxLayer>) -> UInt32 {
        layers.reduce(0) { $0 | $1.bit }
    }

    /// The layer a `sandbox_error` message names first (`"<layer>: ..."`).
    package static func named(inFailure message: String) -> SandboxLayer? {
        allCases.first { message.hasPrefix($0.rawValue + ":") }
    }

    public static func < (lhs: SandboxLayer, rhs: SandboxLayer) -> Bool {
        lhs.bit < rhs.bit
    }
}

/// Which system calls a worker keeps (`--seccomp-profile`).
public enum SeccompProfile: String, CaseIterable, Sendable {
    /// No new processes, no exec, no sockets.
    case strict
    /// Processes and exec inside the sandbox; still no network.
    case permissive
}

/// Per-worker resource limits; nil leaves the inherited value.
public struct SandboxLimits: Sendable, Equatable {
    public var addressSpaceBytes: UInt64?
    public var cpuSeconds: UInt64?
    public var processes: UInt64?
    public var openFiles: UInt64?
    public var fileSizeBytes: UInt64?
    public var tmpfsBytes: UInt64?

    public init(
        addressSpaceBytes: UInt64? = 1 << 30, cpuSeconds: UInt64? = 600, processes: UInt64? = 64,
        openFiles: UInt64? = 256, fileSizeBytes: UInt64? = 64 << 20, tmpfsBytes: UInt64? = 128 << 20
    ) {
        self.addressSpaceBytes = addressSpaceBytes
        self.cpuSeconds = cpuSeconds
        self.processes = processes
        self.openFiles = openFiles
        self.fileSizeBytes = fileSizeBytes
        self.tmpfsBytes = tmpfsBytes
    }
}

/// How the zygote confines every worker it forks. The server sends it once,
/// when the zygote starts; the zygote probes it and answers with the layers
/// it could not set up, and refuses to start when one of them is not in
/// `allowedWeaker`.
public struct SandboxSettings: Sendable, Equatable {
    public var seccompProfile: SeccompProfile
    /// Layers the operator allows to be missing (`--allow-weaker-sandbox`):
    /// such a layer is dropped only when this host cannot set it up.
    public var allowedWeaker: Set<SandboxLayer>
    public var limits: SandboxLimits
    /// First outside uid/gid of the range workers map to; each live worker
    /// takes its own pair, so no two episodes share an outside id.
    public var outsideIDBase: UInt32
    /// How many workers may be alive at once (pairs in the id range).
    public var outsideIDSlots: UInt32

    public init(
        seccompProfile: SeccompProfile = .strict, allowedWeaker: Set<SandboxLayer> = [],
        limits: SandboxLimits = SandboxLimits(), outsideIDBase: UInt32 = 200_000, outsideIDSlots: UInt32 = 16_384
    ) {
        self.seccompProfile = seccompProfile
        self.allowedWeaker = allowedWeaker
        self.limits = limits
        self.outsideIDBase = outsideIDBase
        self.outsideIDSlots = outsideIDSlots
    }

    package func encode(into writer: inout ByteWriter) {
        writer.write(seccompProfile == .strict ? UInt8(0) : 1)
        writer.write(SandboxLayer.mask(of: allowedWeaker))
        for limit in limits.ordered { writer.write(limit ?? 0) }
        writer.write(outsideIDBase)
        writer.write(outsideIDSlots)
    }

    package init(decoding reader: inout ByteReader) throws(FrameError) {
        seccompProfile = try reader.readUInt8() == 0 ? .strict : .permissive
        allowedWeaker = Set(SandboxLayer.layers(in: try reader.readUInt32()))
        var values: [UInt64?] = []
        for _ in 0..<SandboxLimits.fieldCount {
            let value = try reader.readUInt64()
            values.append(value == 0 ? nil : value)
        }
        limits = SandboxLimits(
            addressSpaceBytes: values[0], cpuSeconds: values[1], processes: values[2],
            openFiles: values[3], fileSizeBytes: values[4], tmpfsBytes: values[5])
        outsideIDBase = try reader.readUInt32()
        outsideIDSlots = try reader.readUInt32()
    }
}

extension SandboxLimits {
    package static let fieldCount = 6

    /// The fields in wire order (and `sandbox_limits` order).
    package var ordered: [UInt64?] {
        [addressSpaceBytes, cpuSeconds, processes, openFiles, fileSizeBytes, tmpfsBytes]
    }

    package var cValue: sandbox_limits {
        sandbox_limits(
            address_space_bytes: addressSpaceBytes ?? 0, cpu_seconds: cpuSeconds ?? 0, processes: processes ?? 0,
            open_files: openFiles ?? 0, file_size_bytes: fileSizeBytes ?? 0, tmpfs_bytes: tmpfsBytes ?? 0)
    }
}
