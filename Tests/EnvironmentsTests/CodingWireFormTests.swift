import EnvCore
import Environments
import Testing

/// The coding models build and read their wire form directly (the hot
/// path); that form must be the one their `Codable` conformances give.
struct CodingWireFormTests {
    static let observations = [
        CodeObservation(),
        CodeObservation(stdout: "42\n", stderr: "", exitCode: 0, metadata: ["last_code": "print(42)"]),
        CodeObservation(
            stdout: "ünï\u{0}côdé\n", stderr: "Traceback…\n", exitCode: -9,
            metadata: ["timed_out": true, "worker_exited": true, "nested": ["a": [1, 2.5, nil]]]),
    ]

    @Test(arguments: observations)
    func anObservationIsWhatEncodingGives(_ observation: CodeObservation) throws {
        #expect(observation.jsonValue() == (try JSONValueEncoder().encode(observation)))
        for reward in [nil, 0.0, -0.9, 1.0] as [Double?] {
            let result = StepResult(observation: observation, reward: reward, done: reward == 1.0)
            #expect(try result.jsonValue() == (try JSONValueEncoder().encode(result)))
        }
    }

    @Test func anActionIsWhatDecodingGives() throws {
        for (code, metadata) in [("x = 1 + 1", [:]), ("", ["k": ["deep": 1]]), ("print('ü')", ["n": nil])] as [(String, [String: JSONValue])] {
            let validated = SchemaValidator().validate(["code": .string(code), "metadata": .object(metadata)],
                                                       against: CodeAction.jsonSchema)
            #expect(validated.issues.isEmpty)
            let direct = try CodeAction(validated: validated.value)
            #expect(direct == (try JSONValueDecoder().decode(CodeAction.self, from: validated.value)))
            #expect(direct == CodeAction(code: code, metadata: metadata))
        }
    }

    @Test func theActionTheValidatorCompletesIsReadDirectly() throws {
        let validated = SchemaValidator().validate(["code": "pass"], against: CodeAction.jsonSchema)
        #expect(validated.issues.isEmpty)
        #expect(try CodeAction(validated: validated.value) == CodeAction(code: "pass"))
    }

    @Test func aValueOfAnotherShapeFailsAsDecodingDoes() {
        #expect(throws: DecodingError.self) { try CodeAction(validated: ["code": 5, "metadata": [:]]) }
        #expect(throws: DecodingError.self) { try CodeAction(validated: "print(1)") }
    }
}
