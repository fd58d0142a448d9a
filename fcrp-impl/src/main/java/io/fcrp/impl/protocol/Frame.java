package io.fcrp.impl.protocol;

import java.util.Arrays;

/**
 * A received frame with its payload already decompressed. The payload may live in a buffer the
 * {@link FrameReader} reuses: it is valid until the next frame is read.
 */
public final class Frame {

    private final FrameKind kind;
    private final boolean compressed;
    private final byte[] payload;
    private final int payloadOffset;
    private final int payloadLength;
    private final int wireLength;

    public Frame(FrameKind kind, boolean compressed, byte[] payload, int payloadOffset, int payloadLength,
            int wireLength) {
        this.kind = kind;
        this.compressed = compressed;
        this.payload = payload;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.wireLength = wireLength;
    }

    public FrameKind kind() {
        return kind;
    }

    /** True when the payload was zstd-compressed on the wire. */
    public boolean compressed() {
        return compressed;
    }

    public byte[] payloadArray() {
        return payload;
    }

    public int payloadOffset() {
        return payloadOffset;
    }

    /** Decompressed payload length. */
    public int payloadLength() {
        return payloadLength;
    }

    /** Bytes the frame took on the wire, header included. */
    public int wireLength() {
        return wireLength;
    }

    /** A cursor over the payload. */
    public PayloadReader reader() {
        return new PayloadReader(payload, payloadOffset, payloadLength);
    }

    /** A copy of the decompressed payload. */
    public byte[] payloadCopy() {
        return Arrays.copyOfRange(payload, payloadOffset, payloadOffset + payloadLength);
    }
}
