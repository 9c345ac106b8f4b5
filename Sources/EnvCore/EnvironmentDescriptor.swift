/// What `/metadata` says about an environment (OpenEnv's
/// `EnvironmentMetadata`): null where unknown.
public struct EnvironmentDescriptor: Codable, Sendable, Equatable {
    public var name: String
    public var description: String
    public var readmeContent: String?
    public var version: String?
    public var author: String?
    public var documentationURL: String?

    public init(
        name: String, description: String, readmeContent: String? = nil, version: String? = nil,
        author: String? = nil, documentationURL: String? = nil
    ) {
        self.name = name
        self.description = description
        self.readmeContent = readmeContent
        self.version = version
        self.author = author
        self.documentationURL = documentationURL
    }

    enum CodingKeys: String, CodingKey {
        case name, description, version, author
        case readmeContent = "readme_content"
        case documentationURL = "documentation_url"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(readmeContent, forKey: .readmeContent)
        try container.encode(version, forKey: .version)
        try container.encode(author, forKey: .author)
        try container.encode(documentationURL, forKey: .documentationURL)
    }
}
