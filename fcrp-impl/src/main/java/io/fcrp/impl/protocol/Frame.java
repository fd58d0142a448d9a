package io.fcrp.impl.protocol;

import java.util.Arrays;

/**
 * A received frame with its payload already decompressed. The payload may live in a buffer the
 * {@link FrameReader} reuses: it is valid until the next frame is read. {@code compressed}: the
 * payload was zstd-compressed on the wire; {@code payloadLength}: after decompression;
 * {@code wireLength}: bytes on the wire, header included.
 */
public record Frame(
        FrameKind kind, boolean compressed, byte[] payloadArray, int payloadOffset, int payloadLength, int wireLength) {

    /** A cursor over the payload. */
    public PayloadReader reader() {
        return new PayloadReader(payloadArray, payloadOffset, payloadLength);
    }

    /** A copy of the decompressed payload. */
    public byte[] payloadCopy() {
        return Arrays.copyOfRange(payloadArray, payloadOffset, payloadOffset + payloadLength);
    }
}
