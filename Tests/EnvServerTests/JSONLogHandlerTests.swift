import EnvCore
import Foundation
import Logging
import Synchronization
import Testing

@testable import EnvServer

@Suite struct JSONLogHandlerTests {
    @Test func aRecordIsOneJSONObjectWithItsMetadata() throws {
        let line = JSONLogHandler.line(
            timestamp: Date(timeIntervalSince1970: 0), level: .info, label: "codeenv", message: "POST /step 200",
            metadata: ["status": "200", "path": .string("/step"), "tags": ["a"], "message": "shadowed"])
        #expect(try JSONParser.parse(line) == [
            "timestamp": "1970-01-01T00:00:00.000Z", "level": "info", "label": "codeenv", "message": "POST /step 200",
            "status": "200", "path": "/step", "tags": ["a"],
        ])
        #expect(!line.contains("\n"))
    }

    @Test func theHandlerWritesWholeLinesAtOrAboveItsLevel() throws {
        let lines = Mutex<[String]>([])
        var handler = JSONLogHandler(label: "t", sink: LineSink { line in lines.withLock { $0.append(line) } })
        handler.logLevel = .info
        handler[metadataKey: "server"] = "s1"
        let logger = Logger(label: "t") { _ in handler }
        logger.debug("hidden")
        logger.info("shown", metadata: ["k": "v"])
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        let record = try JSONParser.parse(written[0]).objectValue
        #expect(record?["message"] == "shown")
        #expect(record?["server"] == "s1")
        #expect(record?["k"] == "v")
    }
}
