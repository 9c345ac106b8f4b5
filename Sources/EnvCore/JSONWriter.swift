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
        var output = ""
        write(to: &output)
        return output
    }

    /// The compact JSON text as UTF-8 bytes, ready for a response body.
    public var jsonBytes: [UInt8] {
        Array(jsonText.utf8)
    }

    private func write(to output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .bool(let value):
            output += value ? "true" : "false"
        case .int(let value):
            output += String(value)
        case .double(let value):
            // JSON has no NaN or infinity; null is what a reader can parse.
            output += value.isFinite ? value.description : "null"
        case .string(let value):
            Self.writeString(value, to: &output)
        case .array(let elements):
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += "," }
                element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (position, key) in members.keys.sorted().enumerated() {
                if position > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                members[key]!.write(to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
