import EnvCore

/// Server → client messages on `/ws`, shaped as OpenEnv's
/// `WSObservationResponse`, `WSStateResponse` and `WSErrorResponse`.
enum WebSocketReply {
    static func observation(_ stepResult: JSONValue) -> JSONValue {
        ["type": "observation", "data": stepResult]
    }

    static func state(_ state: JSONValue) -> JSONValue {
        ["type": "state", "data": state]
    }

    static func error(_ error: ServerError) -> JSONValue {
        ["type": "error", "data": error.webSocketData]
    }
}
