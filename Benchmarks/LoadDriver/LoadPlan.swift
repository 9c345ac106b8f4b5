/// What one run of the driver does: every session connects, resets, waits
/// until all have reset (so the step phase sees every episode open at once),
/// then runs `stepsPerCycle` steps; `cycles` > 1 repeats reset + steps.
struct LoadPlan: Sendable {
    var url: String
    var sessions: Int
    var cycles: Int
    var stepsPerCycle: Int
    var warmupSteps: Int
    /// Messages encoded once, before any clock starts: the client's own
    /// per-request work is a frame write and a reply read.
    var resetMessage: String
    var setupMessage: String?
    var stepMessage: String
    /// Keep every socket open after the steps until standard input closes,
    /// so the caller can measure the server while the episodes sit idle.
    var holdOpen: Bool
}
