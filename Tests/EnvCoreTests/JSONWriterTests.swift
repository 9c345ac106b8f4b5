import Testing

@testable import EnvCore

@Suite struct JSONWriterTests {
    @Test func doublesUseTheShortestRoundTripText() {
        #expect(JSONValue.double(0.1 * 3).jsonText == "0.30000000000000004")
        #expect(JSONValue.double(Double(3) * 0.1).jsonText == "0.30000000000000004")
        #expect(JSONValue.double(0.0).jsonText == "0.0")
        #expect(JSONValue.double(-0.0).jsonText == "-0.0")
        #expect(JSONValue.double(123).jsonText == "123.0")
        #expect(JSONValue.double(1e-5).jsonText == "1e-05")
        #expect(JSONValue.double(1e16).jsonText == "1e+16")
    }

    @Test func integersHaveNoDecimalPoint() {
        #expect(JSONValue.int(-42).jsonText == "-42")
    }

    @Test func nonFiniteDoublesAreWrittenAsNull() {
        #expect(JSONValue.array([.double(.nan), .double(.infinity)]).jsonText == "[null,null]")
    }

    @Test func objectKeysAreSortedAndOutputIsCompact() {
        #expect(JSONValue.object(["b": 1, "a": [true, nil], "c": "x"]).jsonText == #"{"a":[true,null],"b":1,"c":"x"}"#)
    }

    @Test func stringsEscapeOnlyWhatJSONRequires() {
        #expect(JSONValue.string("q\"b\\/\n\r\t\u{08}\u{0C}\u{01}é😀").jsonText == #""q\"b\\/\n\r\t\b\f\u0001é😀""#)
    }

    @Test func writtenTextParsesBackToTheSameValue() throws {
        let value: JSONValue = ["reward": 0.30000000000000004, "n": 3, "s": "aé\n", "list": [1.5, nil, false], "empty": [:]]
        #expect(try JSONParser.parse(value.jsonText) == value)
    }
}
