import Foundation
import Synchronization

/// Progress of a run on stderr: a bar redrawn in place on a terminal;
/// otherwise (a log, CI) a plain line at most once a second and at the end.
final class EvalProgress: Sendable {
    private struct State {
        var done = 0
        var passed = 0
        var lastLine = ContinuousClock.now
    }

    let total: Int
    private let isTerminal: Bool
    private let started = ContinuousClock.now
    private let state = Mutex(State())

    init(total: Int, alreadyDone: Int, alreadyPassed: Int, isTerminal: Bool = isatty(2) == 1) {
        self.total = total
        self.isTerminal = isTerminal
        state.withLock {
            $0.done = alreadyDone
            $0.passed = alreadyPassed
        }
    }

    /// Counts one judged sample and redraws.
    func record(passed: Bool) {
        let line: String? = state.withLock { state in
            state.done += 1
            if passed { state.passed += 1 }
            let now = ContinuousClock.now
            guard isTerminal || state.done == total || now - state.lastLine >= .seconds(1) else { return nil }
            state.lastLine = now
            return render(done: state.done, passed: state.passed)
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Ends the bar's line on a terminal.
    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    func render(done: Int, passed: Int) -> String {
        let seconds = Double((ContinuousClock.now - started).components.seconds)
            + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
        let counts = "\(done)/\(total) samples, \(passed) passed, \(String(format: "%.1f", seconds)) s"
        guard isTerminal else { return "eval: \(counts)\n" }
        let width = 30
        let filled = total == 0 ? width : width * done / total
        return "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + counts
    }
}
