/// Everything the server needs to host one kind of environment: its
/// `/metadata`, its `/schema`, and a factory for one instance per session.
public struct EnvironmentRegistration: Sendable {
    /// The name `codeenv serve --env` takes, e.g. `echo`.
    public let name: String
    public let descriptor: EnvironmentDescriptor
    public let actionSchema: JSONSchema
    public let observationSchema: JSONSchema
    public let stateSchema: JSONSchema
    private let factory: @Sendable () async throws -> AnyEnvironment

    public init<E: Environment>(_ name: String, _ type: E.Type, factory: @escaping @Sendable () async throws -> E) {
        self.name = name
        self.descriptor = E.descriptor
        self.actionSchema = E.Action.jsonSchema
        self.observationSchema = E.Observation.jsonSchema
        self.stateSchema = E.State.jsonSchema
        self.factory = { AnyEnvironment(try await factory()) }
    }

    /// A new instance for a new session. A throwing factory becomes
    /// `EnvironmentError.factoryFailed`, which clients see as `FACTORY_ERROR`.
    public func makeEnvironment() async throws(EnvironmentError) -> AnyEnvironment {
        do {
            return try await factory()
        } catch {
            throw .factoryFailed(environment: descriptor.name, reason: "\(error)")
        }
    }
}

/// The environments one `codeenv` build can host, by name.
///
/// Adding an environment is one line:
/// `registry.register("echo", EchoEnvironment.self) { EchoEnvironment() }`.
public struct EnvironmentRegistry: Sendable {
    public private(set) var registrations: [EnvironmentRegistration] = []

    public init() {}

    public mutating func register<E: Environment>(
        _ name: String, _ type: E.Type, factory: @escaping @Sendable () async throws -> E
    ) {
        registrations.removeAll { $0.name == name }
        registrations.append(EnvironmentRegistration(name, type, factory: factory))
    }

    public var names: [String] { registrations.map(\.name) }

    public func registration(named name: String) throws(EnvironmentError) -> EnvironmentRegistration {
        guard let registration = registrations.first(where: { $0.name == name }) else {
            throw .unknownEnvironment(name: name, available: names)
        }
        return registration
    }
}
