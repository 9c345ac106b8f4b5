import EnvCore
import Hummingbird

extension Response {
    /// A JSON response written by `JSONWriter`, so doubles keep the exact
    /// text OpenEnv's server gives them (`0.0`, `0.30000000000000004`).
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.jsonBytes)))
    }

    /// A response in another format (HTML, text), with its media type.
    static func text(_ text: String, contentType: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
