package io.fcrp.impl.protocol;

import java.util.Arrays;

/** Frames payloads for the wire and unframes complete frame buffers (spec §2). */
public final class FrameCodec {

    private FrameCodec() {}

    /** An uncompressed frame around {@code payload}. */
    public static byte[] encode(FrameKind kind, byte[] payload) throws ProtocolException {
        checkEncodable(payload.length);
        byte[] frame = new byte[FrameHeader.LENGTH + payload.length];
        FrameHeader.write(frame, 0, kind, false, payload.length, payload.length);
        System.arraycopy(payload, 0, frame, FrameHeader.LENGTH, payload.length);
        return frame;
    }

    /**
     * Frames the payload held by {@code writer}: in place when uncompressed, otherwise as one zstd
     * frame at {@code zstdLevel}. The writer can be reused afterwards.
     */
    public static byte[] encode(FrameKind kind, PayloadWriter writer, Compression compression, int zstdLevel)
            throws ProtocolException {
        int length = writer.payloadLength();
        checkEncodable(length);
        byte[] frame;
        if (compression == Compression.ZSTD) {
            frame = ZstdCodec.compress(writer.array(), FrameHeader.LENGTH, length, zstdLevel, FrameHeader.LENGTH);
            checkEncodable(frame.length - FrameHeader.LENGTH);
            FrameHeader.write(frame, 0, kind, true, frame.length - FrameHeader.LENGTH, length);
        } else {
            frame = Arrays.copyOf(writer.array(), writer.position());
            FrameHeader.write(frame, 0, kind, false, length, length);
        }
        return frame;
    }

    /**
     * Decodes one complete frame held in {@code frame}, checking it as a receiver would
     * (spec §2.5) with {@code maxPayload} as the receive limit.
     */
    public static Frame decode(byte[] frame, int maxPayload) throws ProtocolException {
        if (frame.length < FrameHeader.LENGTH) {
            throw new ProtocolException(ProtocolError.FRAME_TRUNCATED, "FCRP frame is truncated");
        }
        FrameHeader header = FrameHeader.parse(frame, 0, maxPayload);
        if (frame.length != FrameHeader.LENGTH + (long) header.payloadLength()) {
            throw new ProtocolException(ProtocolError.FRAME_LENGTH_MISMATCH, "FCRP frame length mismatch");
        }
        return open(header, frame, FrameHeader.LENGTH, null);
    }

    /**
     * Turns a validated header and its wire payload into a {@link Frame}, decompressing into
     * {@code scratch} when it is large enough (else into a new array).
     */
    static Frame open(FrameHeader header, byte[] wire, int offset, byte[] scratch) throws ProtocolException {
        int wireLength = FrameHeader.LENGTH + header.payloadLength();
        if (!header.compressed()) {
            return new Frame(header.kind(), false, wire, offset, header.payloadLength(), wireLength);
        }
        int capacity = header.uncompressedLength();
        byte[] target = scratch != null && scratch.length >= capacity ? scratch : new byte[capacity];
        int produced = ZstdCodec.decompress(wire, offset, header.payloadLength(), target, 0, capacity);
        return new Frame(header.kind(), true, target, 0, produced, wireLength);
    }

    static void checkEncodable(int payloadLength) throws ProtocolException {
        if (payloadLength > FrameHeader.MAX_PAYLOAD) {
            throw new ProtocolException(
                    ProtocolError.ENCODE_LIMIT,
                    "FCRP payload of " + payloadLength + " bytes exceeds the 256 MiB frame limit");
        }
    }
}
