/// A test fixture that could not be set up (compiler, pipe, listener, server).
public struct SetupError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}
