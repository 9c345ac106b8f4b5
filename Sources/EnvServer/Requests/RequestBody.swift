import EnvCore
import Hummingbird

extension Request {
    /// The body parsed as JSON, or nil when it is empty.
    ///
    /// Bodies are parsed whatever their `Content-Type`, so `curl -d` works
    /// without `-H 'Content-Type: application/json'`. A body past `limit`
    /// bytes is refused while it streams in (chunked uploads too), not
    /// after it was buffered whole.
    func jsonBody(limit: Int) async throws(ServerError) -> JSONValue? {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw .bodyTooLarge(limit: limit)
        }
        guard buffer.readableBytes > 0 else { return nil }
        do {
            return try JSONParser.parse(buffer.readableBytesView)
        } catch {
            throw .invalidJSON(error)
        }
    }
}
