import Foundation
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    /// Selects a session's own environment instead of the default one.
    static let sessionID = HTTPField.Name("X-Session-Id")!
}

extension Request {
    /// The `X-Session-Id` value, or nil when absent or blank.
    var sessionID: String? {
        guard let value = headers[.sessionID]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}
