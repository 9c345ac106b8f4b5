import Foundation

/// Runs blocking work (waiting for a child process, a blocking socket
/// read) on a thread of its own and awaits its result.
///
/// Swift Testing runs every test's tasks on the cooperative pool, which has
/// one thread per core: two tests blocking there on a 2-core CI machine
/// stall every other test, and the servers tests host in-process, for as
/// long as they block.
public func offThePool<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Swift.Result { try work() }) }.start()
    }
}
