/// pydantic v2's conversions of JSON input to scalar field types, in lax
/// mode (the default for OpenEnv's models) and in strict mode (used for the
/// first, exact-match pass over a union's options).
enum Coercion {
    struct Failure: Error {
        var type: String
        var message: String
    }

    /// Lax mode accepts `0`/`1` and the words pydantic knows (`"yes"`, `"off"`...).
    static func bool(_ value: JSONValue, lax: Bool) -> Bool? {
        switch value {
        case .bool(let bool):
            return bool
        case .int(let integer) where lax && (integer == 0 || integer == 1):
            return integer == 1
        case .double(let double) where lax && (double == 0 || double == 1):
            return double == 1
        case .string(let string) where lax:
            switch string.lowercased() {
            case "0", "off", "f", "false", "n", "no": return false
            case "1", "on", "t", "true", "y", "yes": return true
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Lax mode accepts booleans, whole floats and numeric strings.
    static func integer(_ value: JSONValue, lax: Bool) -> Result<Int, Failure> {
        let notInteger = Failure(type: "int_type", message: "Input should be a valid integer")
        switch value {
        case .int(let integer):
            return .success(integer)
        case .bool(let bool) where lax:
            return .success(bool ? 1 : 0)
        case .double(let double) where lax:
            guard double.isFinite else {
                return .failure(Failure(type: "finite_number", message: "Input should be a finite number"))
            }
            guard double.rounded(.towardZero) == double, let integer = Int(exactly: double) else {
                return .failure(Failure(type: "int_from_float", message: "Input should be a valid integer, got a number with a fractional part"))
            }
            return .success(integer)
        case .string(let string) where lax:
            guard let integer = Int(string.trimmingSpaces.replacingUnderscores) else {
                return .failure(Failure(type: "int_parsing", message: "Input should be a valid integer, unable to parse string as an integer"))
            }
            return .success(integer)
        default:
            return .failure(notInteger)
        }
    }

    /// Integers are numbers in both modes; lax mode adds booleans and numeric strings.
    static func number(_ value: JSONValue, lax: Bool) -> Result<Double, Failure> {
        switch value {
        case .int(let integer):
            return .success(Double(integer))
        case .double(let double):
            return .success(double)
        case .bool(let bool) where lax:
            return .success(bool ? 1 : 0)
        case .string(let string) where lax:
            guard let double = Double(string.trimmingSpaces.replacingUnderscores) else {
                return .failure(Failure(type: "float_parsing", message: "Input should be a valid number, unable to parse string as a number"))
            }
            return .success(double)
        default:
            return .failure(Failure(type: "float_type", message: "Input should be a valid number"))
        }
    }

    /// A bound as pydantic prints it in a message: `0`, `0.5`.
    static func display(_ bound: Double) -> String {
        if let integer = Int(exactly: bound) { return String(integer) }
        return bound.description
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        let scalars = unicodeScalars
        let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.properties.isWhitespace }.map { scalars.index(after: $0) } ?? start
        return Substring(scalars[start..<end])
    }
}

extension Substring {
    /// pydantic accepts `1_000` in numeric strings, as Python's `int()` does.
    fileprivate var replacingUnderscores: String {
        String(self).split(separator: "_", omittingEmptySubsequences: false).joined()
    }
}
