import Testing

@testable import EnvCore

@Suite struct SchemaValidatorTests {
    let action = JSONSchema.action(title: "EchoAction", description: "Echo.", fields: [.init("message", .string(), required: true)])
    let request = JSONSchema(.object(properties: [
        .init("seed", .optional(.integer(minimum: 0))),
        .init("timeout_s", .optional(.number(exclusiveMinimum: 0))),
        .init("episode_id", .optional(.string(maxLength: 3))),
        .init("flag", .boolean(default: false)),
        .init("tags", JSONSchema(.array(items: .string()))),
    ], additionalProperties: true))

    func issues(_ value: JSONValue, _ schema: JSONSchema) -> [JSONValue] {
        SchemaValidator().validate(value, against: schema).issues.map(\.jsonValue)
    }

    @Test func aValidActionGetsItsDefaults() {
        let outcome = SchemaValidator().validate(["message": "hi"], against: action)
        #expect(outcome.issues.isEmpty)
        #expect(outcome.value == ["message": "hi", "metadata": [:]])
    }

    @Test func anUnknownFieldIsExtraForbidden() {
        #expect(issues(["message": "hi", "bogus": 1], action) == [
            ["type": "extra_forbidden", "loc": ["bogus"], "msg": "Extra inputs are not permitted", "input": 1]
        ])
    }

    @Test func aMissingFieldReportsTheWholeObjectAsInput() {
        #expect(issues([:], action) == [["type": "missing", "loc": ["message"], "msg": "Field required", "input": [:]]])
    }

    @Test(arguments: [JSONValue.int(1), nil, true, ["x"], ["k": "v"]])
    func aNonStringIsStringType(input: JSONValue) {
        #expect(issues(["message": input], action) == [
            ["type": "string_type", "loc": ["message"], "msg": "Input should be a valid string", "input": input]
        ])
    }

    @Test func aNonObjectMetadataIsDictType() {
        #expect(issues(["message": "m", "metadata": 5], action) == [
            ["type": "dict_type", "loc": ["metadata"], "msg": "Input should be a valid dictionary", "input": 5]
        ])
    }

    @Test func aNonObjectModelIsModelTypeWithItsClassName() {
        #expect(issues([1], action) == [[
            "type": "model_type", "loc": [], "msg": "Input should be a valid dictionary or instance of EchoAction",
            "input": [1], "ctx": ["class_name": "EchoAction"],
        ]])
    }

    @Test func issuesComeInDeclarationOrderThenUnknownFieldsSorted() {
        let found = SchemaValidator().validate(["z": 1, "a": 2, "metadata": 3], against: action).issues
        #expect(found.map(\.type) == ["dict_type", "missing", "extra_forbidden", "extra_forbidden"])
        #expect(found.map(\.location) == [[.key("metadata")], [.key("message")], [.key("a")], [.key("z")]])
    }

    @Test func integersAcceptWholeFloatsNumericStringsAndBooleans() {
        for (input, expected) in [(JSONValue.double(2.0), 2), ("3", 3), (" 4 ", 4), ("1_000", 1000), (true, 1)] as [(JSONValue, Int)] {
            let outcome = SchemaValidator().validate(["seed": input], against: request)
            #expect(outcome.issues.isEmpty)
            #expect(outcome.value.objectValue?["seed"] == .int(expected))
        }
    }

    @Test func integerFailuresUsePydanticsTypes() {
        #expect(issues(["seed": 1.5], request) == [[
            "type": "int_from_float", "loc": ["seed"], "input": 1.5,
            "msg": "Input should be a valid integer, got a number with a fractional part",
        ]])
        #expect(issues(["seed": "x"], request) == [[
            "type": "int_parsing", "loc": ["seed"], "input": "x",
            "msg": "Input should be a valid integer, unable to parse string as an integer",
        ]])
        #expect(issues(["seed": [1]], request) == [
            ["type": "int_type", "loc": ["seed"], "input": [1], "msg": "Input should be a valid integer"]
        ])
        #expect(issues(["seed": -1], request) == [[
            "type": "greater_than_equal", "loc": ["seed"], "input": -1, "ctx": ["ge": 0],
            "msg": "Input should be greater than or equal to 0",
        ]])
    }

    @Test func numbersAcceptIntegersAndNumericStringsAndCheckTheirBound() {
        #expect(SchemaValidator().validate(["timeout_s": 2], against: request).value.objectValue?["timeout_s"] == .double(2))
        #expect(SchemaValidator().validate(["timeout_s": "2.5"], against: request).value.objectValue?["timeout_s"] == .double(2.5))
        #expect(issues(["timeout_s": 0], request) == [[
            "type": "greater_than", "loc": ["timeout_s"], "input": 0, "ctx": ["gt": .double(0)],
            "msg": "Input should be greater than 0",
        ]])
        #expect(issues(["timeout_s": "soon"], request) == [[
            "type": "float_parsing", "loc": ["timeout_s"], "input": "soon",
            "msg": "Input should be a valid number, unable to parse string as a number",
        ]])
        #expect(issues(["timeout_s": [:]], request) == [
            ["type": "float_type", "loc": ["timeout_s"], "input": [:], "msg": "Input should be a valid number"]
        ])
    }

    @Test func optionalsAcceptNullAndReportTheWrappedTypesIssue() {
        #expect(SchemaValidator().validate(["seed": nil, "episode_id": nil], against: request).issues.isEmpty)
        #expect(issues(["episode_id": 3], request) == [
            ["type": "string_type", "loc": ["episode_id"], "input": 3, "msg": "Input should be a valid string"]
        ])
    }

    @Test func stringsLongerThanTheirLimitCountCodePoints() {
        #expect(SchemaValidator().validate(["episode_id": "é😀x"], against: request).issues.isEmpty)
        #expect(issues(["episode_id": "abcd"], request) == [[
            "type": "string_too_long", "loc": ["episode_id"], "input": "abcd", "ctx": ["max_length": 3],
            "msg": "String should have at most 3 characters",
        ]])
    }

    @Test func booleansAcceptPydanticsWords() {
        for (input, expected) in [(JSONValue.string("yes"), true), ("off", false), (1, true), (0, false)] as [(JSONValue, Bool)] {
            #expect(SchemaValidator().validate(["flag": input], against: request).value.objectValue?["flag"] == .bool(expected))
        }
        #expect(issues(["flag": "maybe"], request) == [[
            "type": "bool_parsing", "loc": ["flag"], "input": "maybe",
            "msg": "Input should be a valid boolean, unable to interpret input",
        ]])
        #expect(issues(["flag": [:]], request) == [
            ["type": "bool_type", "loc": ["flag"], "input": [:], "msg": "Input should be a valid boolean"]
        ])
    }

    @Test func arrayItemsAreLocatedByIndex() {
        #expect(issues(["tags": ["a", 2]], request) == [
            ["type": "string_type", "loc": ["tags", 1], "input": 2, "msg": "Input should be a valid string"]
        ])
        #expect(issues(["tags": "a"], request) == [
            ["type": "list_type", "loc": ["tags"], "input": "a", "msg": "Input should be a valid list"]
        ])
    }

    @Test func anOpenObjectKeepsUnknownMembers() {
        let outcome = SchemaValidator().validate(["extra": [1]], against: request)
        #expect(outcome.issues.isEmpty)
        #expect(outcome.value == ["extra": [1], "flag": false, "seed": nil, "episode_id": nil, "timeout_s": nil])
    }

    @Test func aUnionPrefersAnExactMatchAndTagsEachOptionsIssue() {
        let reward = JSONSchema(.anyOf([JSONSchema(.boolean), .integer(), .number(), JSONSchema(.null)]))
        #expect(SchemaValidator().validate(1, against: reward).value == 1)
        #expect(SchemaValidator().validate(true, against: reward).value == true)
        #expect(SchemaValidator().validate(0.5, against: reward).value == 0.5)
        #expect(issues([:], reward).map { $0.objectValue?["loc"] } == [["bool"], ["int"], ["float"], ["none"]])
    }
}
