import NIOCore

/// The plan's messages as the bytes a frame carries, encoded once before
/// any clock starts: a request then costs a frame write and nothing else.
struct EncodedMessages: Sendable {
    let reset: ByteBuffer
    let setup: ByteBuffer?
    let step: ByteBuffer

    init(_ plan: LoadPlan) {
        reset = ByteBuffer(string: plan.resetMessage)
        setup = plan.setupMessage.map { ByteBuffer(string: $0) }
        step = ByteBuffer(string: plan.stepMessage)
    }
}
