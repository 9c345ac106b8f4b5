/// Where sessions connect: a `ws://host:port/path` URL taken apart.
struct WebSocketTarget: Sendable {
    let host: String
    let port: Int
    let path: String

    struct Invalid: Error, CustomStringConvertible {
        let url: String
        var description: String { "--url must look like ws://HOST:PORT/PATH, got \(url)" }
    }

    init(url: String) throws(Invalid) {
        guard url.hasPrefix("ws://") else { throw Invalid(url: url) }
        let rest = url.dropFirst("ws://".count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        guard let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]),
            colon > authority.startIndex
        else { throw Invalid(url: url) }
        host = String(authority[..<colon])
        self.port = port
        self.path = path.isEmpty ? "/" : String(path)
    }
}
