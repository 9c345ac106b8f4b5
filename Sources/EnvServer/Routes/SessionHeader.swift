import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    /// Selects a session's own environment instead of the default one.
    static let sessionID = HTTPField.Name("X-Session-Id")!
}

extension Request {
    /// The `X-Session-Id` value, or nil when absent or blank.
    var sessionID: String? {
        headers[.sessionID].flatMap(Self.trimmingBlanks)
    }

    /// `value` without leading and trailing tabs and spaces (Unicode's
    /// space separators, as Foundation's `CharacterSet.whitespaces`), or
    /// nil when nothing else is left. Foundation's own trimming bridged
    /// through `NSString` and cost more than routing the request.
    static func trimmingBlanks(_ value: String) -> String? {
        let scalars = value.unicodeScalars
        let isBlank = { (scalar: Unicode.Scalar) in scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        guard let first = scalars.firstIndex(where: { !isBlank($0) }), let last = scalars.lastIndex(where: { !isBlank($0) })
        else { return nil }
        return String(scalars[first...last])
    }
}
