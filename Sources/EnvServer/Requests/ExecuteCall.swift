import EnvCore
import Environments

/// `POST /execute`'s body: a program to run once on a fresh worker.
struct ExecuteCall {
    var job: ExecutionJob

    init(body: JSONValue?) throws(ServerError) {
        guard let body else {
            throw .invalidRequest([ValidationIssue(type: "missing", location: [.key("body")], message: "Field required", input: .null)])
        }
        let members = try validated(body, against: RequestSchemas.execute, locationPrefix: [.key("body")])
        job = ExecutionJob(
            code: members["code"]?.stringValue ?? "",
            stdin: members["stdin"].flatMap(\.stringValue) ?? "",
            timeout: members["timeout_s"].flatMap(\.doubleValue).map { .seconds($0) })
    }
}

extension RequestSchemas {
    /// `{"code", "timeout_s", "stdin"}`; unknown members are ignored, as
    /// for the other request bodies.
    static let execute = JSONSchema(
        .object(properties: [
            .init("code", .string(description: "Python source to run as a script"), required: true),
            .init("timeout_s", .optional(.number(exclusiveMinimum: 0), description: "Time limit in seconds (capped by the server's maximum)")),
            .init("stdin", .optional(.string(), description: "The program's whole standard input")),
        ], additionalProperties: true),
        title: "ExecuteRequest", description: "One program to run once on a fresh sandboxed worker.")

    static let executeResult = JSONSchema(
        .object(properties: [
            .init("stdout", .string(), required: true),
            .init("stderr", .string(), required: true),
            .init("exit_code", .integer(), required: true),
            .init("duration_s", .number(), required: true),
            .init("timed_out", .boolean(), required: true),
        ], additionalProperties: false),
        title: "ExecuteResponse", description: "How the run ended.")
}
