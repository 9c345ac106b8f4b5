import Testing

@testable import EnvCore

@Suite struct JSONParserTests {
    @Test func integersStayIntegersAndFractionsBecomeDoubles() throws {
        #expect(try JSONParser.parse("[1, -0, 1.0, 1e2, -2.5E-3, 9223372036854775807]")
            == [1, 0, .double(1.0), .double(100), .double(-0.0025), .int(Int.max)])
    }

    @Test func integersPastIntRangeBecomeDoubles() throws {
        #expect(try JSONParser.parse("18446744073709551616") == .double(18446744073709551616))
    }

    @Test func objectsKeepTheLastValueOfADuplicateKey() throws {
        #expect(try JSONParser.parse(#"{"a": 1, "a": 2, "b": {"c": [true, false, null]}}"#)
            == ["a": 2, "b": ["c": [true, false, nil]]])
    }

    @Test func stringEscapesAndSurrogatePairsDecode() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\n\té😀"))
    }

    @Test func aLoneSurrogateBecomesTheReplacementCharacter() throws {
        #expect(try JSONParser.parse(#""\ud800x""#) == .string("\u{FFFD}x"))
    }

    @Test func nonASCIITextPassesThrough() throws {
        #expect(try JSONParser.parse(#"{"message": "aé中😀"}"#) == ["message": "aé中😀"])
    }

    @Test(arguments: [
        ("", "Expecting value: line 1 column 1 (char 0)"),
        ("{bad", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        (#"{"a" 1}"#, "Expecting ':' delimiter: line 1 column 6 (char 5)"),
        (#"{"a": 1 "b": 2}"#, "Expecting ',' delimiter: line 1 column 9 (char 8)"),
        ("[1,]", "Expecting value: line 1 column 4 (char 3)"),
        (#"{"a": 1,}"#, "Expecting property name enclosed in double quotes: line 1 column 9 (char 8)"),
        (#"{"a": 1} x"#, "Extra data: line 1 column 10 (char 9)"),
        (#""abc"#, "Unterminated string starting at: line 1 column 1 (char 0)"),
        ("\"a\u{01}\"", "Invalid control character at: line 1 column 3 (char 2)"),
        (#""\q""#, "Invalid \\escape: line 1 column 2 (char 1)"),
        (#""\u12g4""#, "Invalid \\uXXXX escape: line 1 column 2 (char 1)"),
        ("nul", "Expecting value: line 1 column 1 (char 0)"),
        ("NaN", "Expecting value: line 1 column 1 (char 0)"),
        ("-", "Expecting value: line 1 column 1 (char 0)"),
        ("{\n  \"é\": ?}", "Expecting value: line 2 column 8 (char 9)"),
    ])
    func malformedTextIsReportedAsPythonWordsIt(text: String, expected: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func nestingDeeperThanTheLimitIsRefused() {
        let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1) + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let allowed = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(throws: Never.self) { try JSONParser.parse(allowed) }
    }
}
