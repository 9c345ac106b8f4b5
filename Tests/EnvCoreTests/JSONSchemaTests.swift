import Testing

@testable import EnvCore

@Suite struct JSONSchemaTests {
    @Test func anActionSchemaIsClosedAndListsMetadata() {
        let schema = JSONSchema.action(title: "EchoAction", description: "Echo.", fields: [.init("message", .string(), required: true)])
        #expect(schema.jsonValue == [
            "title": "EchoAction", "description": "Echo.", "type": "object", "additionalProperties": false,
            "properties": [
                "metadata": [
                    "type": "object", "additionalProperties": true, "default": [:], "title": "Metadata",
                    "description": "Additional metadata for the action",
                ],
                "message": ["type": "string", "title": "Message"],
            ],
            "required": ["message"],
        ])
    }

    @Test func anObservationSchemaHasDoneRewardAndMetadata() {
        let schema = JSONSchema.observation(title: "O", description: "d", fields: [.init("exit_code", .integer(), required: true)])
        let properties = schema.jsonValue.objectValue?["properties"]?.objectValue
        #expect(properties?.keys.sorted() == ["done", "exit_code", "metadata", "reward"])
        #expect(properties?["reward"] == [
            "anyOf": [["type": "boolean"], ["type": "integer"], ["type": "number"], ["type": "null"]],
            "default": nil, "title": "Reward", "description": "Reward signal from the last action",
        ])
        #expect(properties?["exit_code"] == ["type": "integer", "title": "Exit Code"])
        #expect(schema.jsonValue.objectValue?["required"] == ["exit_code"])
    }

    @Test func theStateSchemaIsOpenWithEpisodeIDAndStepCount() {
        #expect(JSONSchema.state().jsonValue == [
            "title": "State", "type": "object", "additionalProperties": true,
            "description": "Base class for environment state.\n\nRepresents internal environment state, separate from observations.",
            "properties": [
                "episode_id": [
                    "anyOf": [["type": "string"], ["type": "null"]], "default": nil, "title": "Episode Id",
                    "description": "Unique identifier for the current episode",
                ],
                "step_count": [
                    "type": "integer", "minimum": 0, "default": 0, "title": "Step Count",
                    "description": "Number of steps taken in the current episode",
                ],
            ],
        ])
    }

    @Test func boundsRenderAsJSONSchemaKeywords() {
        #expect(JSONSchema.number(exclusiveMinimum: 0).jsonValue == ["type": "number", "exclusiveMinimum": .double(0)])
        #expect(JSONSchema.string(maxLength: 255).jsonValue == ["type": "string", "maxLength": 255])
        #expect(JSONSchema(.array(items: .integer())).jsonValue == ["type": "array", "items": ["type": "integer"]])
        #expect(JSONSchema(.any).jsonValue == [:])
    }

    @Test(arguments: [("exit_code", "Exit Code"), ("message", "Message"), ("episode_id", "Episode Id"), ("timeout_s", "Timeout S")])
    func fieldTitlesFollowPydantic(field: String, title: String) {
        #expect(JSONSchema.title(forField: field) == title)
    }

    @Test func addingAppendsPropertiesToAnObjectOnly() {
        let extended = JSONSchema.state().adding([.init("last_exit_code", .integer())])
        #expect(extended.properties.map(\.name) == ["episode_id", "step_count", "last_exit_code"])
        #expect(JSONSchema.string().adding([.init("x", .integer())]) == .string())
    }
}
