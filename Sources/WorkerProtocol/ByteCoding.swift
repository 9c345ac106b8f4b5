/// Little-endian payload encoding shared by the zygote, the worker and the
/// server. Frames carry a handful of integers and byte strings, so a fixed
/// binary layout is both faster and stricter than JSON: a reader checks
/// every length against what is left and rejects anything else as
/// malformed, because the server never trusts bytes from a worker.
package struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    package mutating func write(_ value: UInt8) {
        bytes.append(value)
    }

    package mutating func write(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    package mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func write(_ value: Int32) {
        write(UInt32(bitPattern: value))
    }

    package mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func write(_ value: Double) {
        write(value.bitPattern)
    }

    /// A u32 length followed by the bytes.
    package mutating func write<Bytes: Collection<UInt8>>(lengthPrefixed value: Bytes) {
        write(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    package mutating func write(lengthPrefixed value: String) {
        write(lengthPrefixed: value.utf8)
    }
}

/// The reading side of `ByteWriter`; every read throws
/// `FrameError.malformed` instead of reading past the end.
package struct ByteReader {
    private let bytes: [UInt8]
    private var offset: Int

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    package var isAtEnd: Bool { offset == bytes.count }

    package mutating func readUInt8() throws(FrameError) -> UInt8 {
        try take(1).first!
    }

    package mutating func readBool() throws(FrameError) -> Bool {
        switch try readUInt8() {
        case 0: return false
        case 1: return true
        case let other: throw .malformed("boolean byte \(other)")
        }
    }

    package mutating func readUInt32() throws(FrameError) -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    package mutating func readInt32() throws(FrameError) -> Int32 {
        Int32(bitPattern: try readUInt32())
    }

    package mutating func readUInt64() throws(FrameError) -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    package mutating func readDouble() throws(FrameError) -> Double {
        Double(bitPattern: try readUInt64())
    }

    package mutating func readLengthPrefixedBytes() throws(FrameError) -> ArraySlice<UInt8> {
        try take(Int(try readUInt32()))
    }

    /// Strings on the wire are UTF-8; anything else is a malformed frame.
    package mutating func readLengthPrefixedString() throws(FrameError) -> String {
        let raw = try readLengthPrefixedBytes()
        guard let text = String(validating: raw, as: UTF8.self) else { throw .malformed("string is not UTF-8") }
        return text
    }

    /// Rejects trailing bytes, so two ends that disagree on a layout fail
    /// loudly instead of reading garbage.
    package func expectEnd() throws(FrameError) {
        guard isAtEnd else { throw .malformed("\(bytes.count - offset) trailing bytes") }
    }

    private mutating func take(_ count: Int) throws(FrameError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - offset else {
            throw .malformed("needs \(count) bytes at offset \(offset), frame has \(bytes.count)")
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }
}
