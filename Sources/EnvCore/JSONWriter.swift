/// Writes a `JSONValue` as compact JSON text, the way the OpenEnv Python
/// server (Starlette's `JSONResponse`) writes it, so a client comparing
/// bytes or floats sees the same thing from either server:
/// - doubles as the shortest text that reads back to the same value
///   (`0.30000000000000004`, `0.0`, `1e-05`), integers without a point;
/// - non-ASCII characters as themselves, control characters escaped;
/// - object keys sorted, so equal values give equal bytes.
extension JSONValue {
    /// The compact JSON text of this value.
    public var jsonText: String {
        String(decoding: jsonBytes, as: UTF8.self)
    }

    /// The compact JSON text as UTF-8 bytes, ready for a response body.
    public var jsonBytes: [UInt8] {
        var output: [UInt8] = []
        write(to: &output)
        return output
    }

    private func write(to output: inout [UInt8]) {
        switch self {
        case .null:
            output += "null".utf8
        case .bool(let value):
            output += (value ? "true" : "false").utf8
        case .int(let value):
            output += String(value).utf8
        case .double(let value):
            // JSON has no NaN or infinity; null is what a reader can parse.
            output += (value.isFinite ? value.description : "null").utf8
        case .string(let value):
            Self.writeString(value, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                element.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (position, key) in members.keys.sorted().enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                members[key]!.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Works on UTF-8 bytes: every byte of a multi-byte character is 0x80
    /// or more, so only ASCII quotes, backslashes and controls need a look,
    /// and the runs between them are copied whole (outputs reach megabytes).
    private static func writeString(_ value: String, to output: inout [UInt8]) {
        var value = value
        output.append(UInt8(ascii: "\""))
        value.withUTF8 { bytes in
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                output += escape(byte).utf8
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func escape(_ byte: UInt8) -> String {
        return switch byte {
        case UInt8(ascii: "\""): #"\""#
        case UInt8(ascii: "\\"): #"\\"#
        case UInt8(ascii: "\n"): #"\n"#
        case UInt8(ascii: "\r"): #"\r"#
        case UInt8(ascii: "\t"): #"\t"#
        case 0x08: #"\b"#
        case 0x0C: #"\f"#
        default: "\\u" + String(repeating: "0", count: 4 - String(byte, radix: 16).count) + String(byte, radix: 16)
        }
    }
}
