import ArgumentParser
import Foundation

/// `codeenv-bench`: drives a running server's `/ws` and prints one JSON
/// object with reset and step latency percentiles and step throughput.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codeenv-bench",
        abstract: "Open N /ws sessions against a running server, reset, run steps closed loop, print JSON.")

    @Option(help: "The server's WebSocket endpoint.")
    var url = "ws://127.0.0.1:8000/ws"

    @Option(help: "Concurrent sessions.")
    var sessions = 1

    @Option(help: "Steps per session per cycle.")
    var steps = 1000

    @Option(help: "Reset-then-steps cycles per session.")
    var cycles = 1

    @Option(help: "Unrecorded steps per session after the first reset.")
    var warmup = 0

    @Option(help: "The code every step runs.")
    var code = "x = 1 + 1"

    @Option(help: "Code run once after each reset, unrecorded (e.g. building the data a step sorts).")
    var setup: String?

    @Flag(help: "After the steps, print the JSON and keep every session open until standard input closes.")
    var hold = false

    func run() async throws {
        let plan = LoadPlan(
            url: url, sessions: sessions, cycles: max(1, cycles), stepsPerCycle: steps, warmupSteps: warmup,
            resetMessage: #"{"type":"reset","data":{}}"#,
            setupMessage: try setup.map(encodedStep), stepMessage: try encodedStep(code), holdOpen: hold)
        let dialer = SessionDialer(
            plan: plan, target: try WebSocketTarget(url: url), messages: EncodedMessages(plan),
            barriers: SessionBarriers(sessions: plan.sessions), collector: OutcomeCollector(expected: plan.sessions))
        let started = ContinuousClock.now
        let connectionsEnded = (0..<plan.sessions).map { _ in dialer.start() }
        let outcomes = await dialer.collector.all()
        // Unbuffered: a holding caller reads it while this process waits.
        FileHandle.standardOutput.write(Data((report(outcomes, plan: plan, wall: ContinuousClock.now - started) + "\n").utf8))
        if plan.holdOpen { await waitForStandardInputToClose() }
        dialer.barriers.release.abandon()
        for ended in connectionsEnded { try? await ended.get() }
    }

    private func encodedStep(_ code: String) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: ["type": "step", "data": ["code": code]], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
