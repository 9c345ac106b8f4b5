import Foundation
import Testing

@testable import EnvCore

@Suite struct JSONValueDecoderTests {
    struct Inner: Codable, Equatable {
        var flag: Bool
        var values: [Double]
    }

    enum Mode: String, Codable {
        case fast, slow
    }

    struct Outer: Codable, Equatable {
        var name: String
        var count: Int
        var ratio: Double
        var inner: Inner
        var present: String?
        var absent: String?
        var explicitNull: Int?
        var small: UInt8
        var mode: Mode
        var matrix: [[Int]]
        var free: [String: JSONValue]

        enum CodingKeys: String, CodingKey {
            case name, count, ratio, inner, present, absent, small, mode, matrix, free
            case explicitNull = "explicit_null"
        }
    }

    static let document: JSONValue = [
        "name": "x", "count": 2, "ratio": 1, "inner": ["flag": true, "values": [1.5, 2]],
        "present": "p", "explicit_null": nil, "small": 255, "mode": "slow", "matrix": [[1, 2], [], [3]],
        "free": ["n": 1, "s": "t", "list": [nil, true, 2.5], "nested": ["k": []]],
    ]

    @Test func decodesWhatJSONDecoderDecodes() throws {
        let ours = try JSONValueDecoder().decode(Outer.self, from: Self.document)
        let foundations = try JSONDecoder().decode(Outer.self, from: Data(Self.document.jsonBytes))
        #expect(ours == foundations)
        #expect(ours.ratio == 1.0)
        #expect(ours.absent == nil && ours.explicitNull == nil)
        #expect(ours.free["list"] == [nil, true, 2.5])
    }

    @Test func freeFormMembersKeepIntegersIntegers() throws {
        let free = try JSONValueDecoder().decode([String: JSONValue].self, from: ["a": 1, "b": 1.0])
        #expect(free["a"] == .int(1))
        #expect(free["b"] == .double(1.0))
    }

    @Test func anIntegralDoubleDecodesAsAnIntegerAndNothingElseDoes() throws {
        #expect(try JSONValueDecoder().decode(Int.self, from: 3.0) == 3)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int.self, from: 3.5) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(UInt8.self, from: 256) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int.self, from: "3") }
    }

    @Test func aMissingMemberNamesItsKeyAndPath() throws {
        var document = Self.document.objectValue!
        document["inner"] = ["flag": true]
        do {
            _ = try JSONValueDecoder().decode(Outer.self, from: .object(document))
            Issue.record("decoded without inner.values")
        } catch DecodingError.keyNotFound(let key, let context) {
            #expect(key.stringValue == "values")
            #expect(context.codingPath.map(\.stringValue) == ["inner"])
        }
    }

    @Test func aWrongTypeSaysWhatWasFoundWhere() throws {
        var document = Self.document.objectValue!
        document["matrix"] = [[1], ["two"]]
        do {
            _ = try JSONValueDecoder().decode(Outer.self, from: .object(document))
            Issue.record("decoded a string as an Int")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["matrix", "1", "0"])
            #expect(context.debugDescription == "expected Int, found a string")
        }
    }
}
