/// A JSON text that could not be parsed, worded as Python's `json` module
/// words it, because OpenEnv clients show these messages to people and
/// FastAPI puts the character offset into the 422 `loc`.
public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    /// Python's message, e.g. `Expecting value`.
    public var reason: String
    /// The offset of the error in characters (Unicode code points).
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(reason: String, offset: Int, line: Int, column: Int) {
        self.reason = reason
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `Expecting value: line 1 column 1 (char 0)`, as `str(JSONDecodeError)`.
    public var description: String {
        "\(reason): line \(line) column \(column) (char \(offset))"
    }
}

/// Parses JSON text (RFC 8259, UTF-8) into a `JSONValue`.
///
/// Written by hand rather than on Foundation so that integers stay integers
/// (`1` is `.int`, `1.0` is `.double`), duplicate keys keep the last value as
/// Python does, and errors say what and where.
public struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0

    /// Nesting deeper than this is refused, so a hostile body cannot
    /// exhaust the stack.
    static let maximumDepth = 512

    public static func parse(_ text: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text))
        return try parser.parseDocument()
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(text.utf8)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw error("Extra data", at: index) }
        return value
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count, depth < Self.maximumDepth else { throw error("Expecting value", at: index) }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "n") where consume("null"): return .null
        case UInt8(ascii: "t") where consume("true"): return .bool(true)
        case UInt8(ascii: "f") where consume("false"): return .bool(false)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("Expecting value", at: index)
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
            return .object(members)
        }
        while true {
            guard peek(UInt8(ascii: "\"")) else {
                throw error("Expecting property name enclosed in double quotes", at: index)
            }
            let key = try parseString()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("Expecting ':' delimiter", at: index) }
            index += 1
            skipWhitespace()
            members[key] = try parseValue(depth: depth)
            skipWhitespace()
            if peek(UInt8(ascii: "}")) {
                index += 1
                return .object(members)
            }
            guard peek(UInt8(ascii: ",")) else { throw error("Expecting ',' delimiter", at: index) }
            index += 1
            skipWhitespace()
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            if peek(UInt8(ascii: "]")) {
                index += 1
                return .array(elements)
            }
            guard peek(UInt8(ascii: ",")) else { throw error("Expecting ',' delimiter", at: index) }
            index += 1
            skipWhitespace()
        }
    }

    /// Copies the runs between escapes whole: strings (code, outputs)
    /// are the bulk of what this server parses.
    private mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1
        var utf8: [UInt8] = []
        var runStart = index
        while true {
            guard index < bytes.count else { throw error("Unterminated string starting at", at: start) }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                utf8 += bytes[runStart..<index]
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                utf8 += bytes[runStart..<index]
                try parseEscape(into: &utf8)
                runStart = index
            case 0..<0x20:
                throw error("Invalid control character at", at: index)
            default:
                index += 1
            }
        }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw error("Unterminated string starting at", at: escapeStart) }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"),
            UInt8(ascii: "/"): UInt8(ascii: "/"), UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let replacement = simple[bytes[index]] {
            utf8.append(replacement)
            index += 1
            return
        }
        guard bytes[index] == UInt8(ascii: "u") else {
            throw error("Invalid \\escape", at: escapeStart)
        }
        var scalar = try parseHexQuad(escapeStart: escapeStart)
        if (0xD800..<0xDC00).contains(scalar), bytes[index...].starts(with: Array("\\u".utf8)) {
            let lowStart = index
            index += 1
            let low = try parseHexQuad(escapeStart: lowStart)
            if (0xDC00..<0xE000).contains(low) {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else {
                index = lowStart
            }
        }
        // A lone surrogate has no UTF-8 form; Python keeps it, we replace it.
        utf8.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
    }

    /// Reads the four hex digits after `\u`; `index` is at the `u`.
    private mutating func parseHexQuad(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        index += 1
        guard index + 4 <= bytes.count,
            let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
            bytes[index..<index + 4].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit })
        else { throw error("Invalid \\uXXXX escape", at: escapeStart) }
        index += 4
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("Expecting value", at: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        var isInteger = true
        if peek(UInt8(ascii: ".")), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
            isInteger = false
            index += 1
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            var exponentEnd = index + 1
            if exponentEnd < bytes.count, bytes[exponentEnd] == UInt8(ascii: "+") || bytes[exponentEnd] == UInt8(ascii: "-") {
                exponentEnd += 1
            }
            if exponentEnd < bytes.count, isDigit(bytes[exponentEnd]) {
                isInteger = false
                index = exponentEnd
                skipDigits()
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { throw error("Expecting value", at: start) }
        return .double(value)
    }

    private mutating func consume(_ literal: String) -> Bool {
        let literalBytes = Array(literal.utf8)
        guard bytes[index...].starts(with: literalBytes) else { return false }
        index += literalBytes.count
        return true
    }

    private func peek(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    /// Positions are reported in code points, as Python counts them in the
    /// decoded text, with 1-based line and column.
    private func error(_ reason: String, at byteOffset: Int) -> JSONParseError {
        let prefix = String(decoding: bytes[..<min(byteOffset, bytes.count)], as: UTF8.self).unicodeScalars
        let offset = prefix.count
        let line = prefix.count(where: { $0 == "\n" }) + 1
        let column = offset - (prefix.lastIndex(of: "\n").map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
        return JSONParseError(reason: reason, offset: offset, line: line, column: column)
    }
}
