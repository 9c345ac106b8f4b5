import NIOCore
import WorkerProtocol

/// Splits a worker's byte stream into `WorkerReply` frames, rejecting any
/// frame over `Framing.maxReplyPayload` before buffering it, so a broken
/// or hostile worker cannot make the server allocate without bound.
struct WorkerReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = WorkerReply

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let header = buffer.getBytes(at: buffer.readerIndex, length: Framing.headerSize) else { return .needMoreData }
        let length = try Framing.payloadLength(header: header, limit: Framing.maxReplyPayload)
        guard buffer.readableBytes >= Framing.headerSize + length else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: Framing.headerSize)
        let payload = buffer.readBytes(length: length) ?? []
        context.fireChannelRead(wrapInboundOut(try WorkerReply(decoding: payload)))
        return .continue
    }
}
