import NIOCore

/// The two points every session of a run meets at.
struct SessionBarriers: Sendable {
    /// Passed once every session has reset: the step phase starts together.
    let allResets: StartBarrier
    /// Passed once the caller lets go (`holdOpen`); sessions close after it.
    let release: StartBarrier

    init(sessions: Int) {
        allResets = StartBarrier(parties: sessions)
        // Holding, the command is one more party: it lets go when standard input closes.
        release = StartBarrier(parties: sessions + 1)
    }
}
