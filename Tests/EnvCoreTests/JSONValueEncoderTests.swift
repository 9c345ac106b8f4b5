import Testing

@testable import EnvCore

@Suite struct JSONValueEncoderTests {
    struct Inner: Encodable {
        var flag: Bool
        var values: [Double]
    }

    struct Outer: Encodable {
        var name: String
        var count: Int
        var reward: Double
        var inner: Inner
        var optionalPresent: String?
        var optionalAbsent: String?
        var bytes: UInt8
        var free: [String: JSONValue]

        enum CodingKeys: String, CodingKey {
            case name, count, reward, inner, bytes, free
            case optionalPresent = "optional_present"
            case optionalAbsent = "optional_absent"
        }
    }

    @Test func encodesNestedModelsKeepingDoublesDouble() throws {
        let value = Outer(
            name: "x", count: 2, reward: 0.0, inner: Inner(flag: true, values: [1.0, 0.5]),
            optionalPresent: "here", optionalAbsent: nil, bytes: 255, free: ["k": [1, "v"]])
        #expect(try JSONValueEncoder().encode(value) == [
            "name": "x", "count": 2, "reward": .double(0.0), "inner": ["flag": true, "values": [.double(1.0), .double(0.5)]],
            "optional_present": "here", "bytes": 255, "free": ["k": [1, "v"]],
        ])
    }

    @Test func encodesTopLevelScalarsAndArrays() throws {
        #expect(try JSONValueEncoder().encode(3.0) == .double(3.0))
        #expect(try JSONValueEncoder().encode(["a", "b"]) == ["a", "b"])
        #expect(try JSONValueEncoder().encode(Optional<Int>.none) == nil)
    }

    @Test func encodesUnsignedValuesPastIntMaxAsDoubles() throws {
        #expect(try JSONValueEncoder().encode(UInt64.max) == .double(Double(UInt64.max)))
    }

    @Test func writesAnUnsetEpisodeIDAsNull() throws {
        let state = EpisodeState(episodeID: nil, stepCount: 0)
        #expect(try JSONValueEncoder().encode(state) == ["episode_id": nil, "step_count": 0])
    }
}
