package io.fcrp.impl.protocol;

/**
 * Frames payloads without allocating per frame: an uncompressed frame is completed in place in
 * the {@link PayloadWriter} (which keeps room for the header), a compressed one is written into a
 * buffer this encoder reuses. The framed bytes are valid until the writer or this encoder is
 * used again.
 */
public final class FrameEncoder {

    /** Buffers above this are dropped after use instead of being kept for the next frame. */
    private static final int KEPT_BYTES = 4 * 1024 * 1024;

    private byte[] scratch = new byte[0];
    private byte[] frame;
    private int length;

    /** Frames the writer's payload; read the result with {@link #array()} and {@link #length()}. */
    public void encode(FrameKind kind, PayloadWriter writer, Compression compression, int zstdLevel)
            throws ProtocolException {
        int payloadLength = writer.payloadLength();
        FrameCodec.checkEncodable(payloadLength);
        if (compression == Compression.ZSTD) {
            int bound = ZstdCodec.compressBound(payloadLength);
            if (scratch.length < FrameHeader.LENGTH + bound) {
                scratch = new byte[FrameHeader.LENGTH + bound];
            }
            int compressed = ZstdCodec.compressInto(
                    writer.array(), FrameHeader.LENGTH, payloadLength, scratch, FrameHeader.LENGTH, zstdLevel);
            FrameCodec.checkEncodable(compressed);
            FrameHeader.write(scratch, 0, kind, true, compressed, payloadLength);
            frame = scratch;
            length = FrameHeader.LENGTH + compressed;
        } else {
            FrameHeader.write(writer.array(), 0, kind, false, payloadLength, payloadLength);
            frame = writer.array();
            length = writer.position();
        }
    }

    /** The array holding the last frame, from index 0. */
    public byte[] array() {
        return frame;
    }

    /** Bytes of the last frame, header included. */
    public int length() {
        return length;
    }

    /** Lets a very large buffer go once its frame has been used. */
    public void trim() {
        if (scratch.length > KEPT_BYTES) {
            scratch = new byte[0];
        }
        frame = null;
    }
}
