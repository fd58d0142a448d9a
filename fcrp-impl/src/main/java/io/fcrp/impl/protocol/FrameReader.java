package io.fcrp.impl.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads frames from a stream: exactly 16 header bytes, the limit checked before anything is
 * allocated, then exactly {@code payload_len} bytes. Buffers up to {@link #REUSED_BUFFER_BYTES}
 * are reused across frames, so a returned {@link Frame} is valid until the next call; larger
 * payloads get a buffer that grows as their bytes arrive.
 */
public final class FrameReader {

    /** Frames up to this size are read into buffers kept for the next frame. */
    public static final int REUSED_BUFFER_BYTES = 4 * 1024 * 1024;

    private final InputStream in;
    private final int maxPayload;
    private final byte[] header = new byte[FrameHeader.LENGTH];
    private byte[] wireBuffer = new byte[64 * 1024];
    private byte[] inflateBuffer = new byte[0];
    private long bytesRead;

    /** @param maxPayload receive limit for both wire and uncompressed payload sizes */
    public FrameReader(InputStream in, int maxPayload) {
        if (maxPayload < 0 || maxPayload > FrameHeader.MAX_PAYLOAD) {
            throw new IllegalArgumentException("receive limit must be between 0 and 256 MiB, not " + maxPayload);
        }
        this.in = in;
        this.maxPayload = maxPayload;
    }

    /** Total bytes consumed from the stream. */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * The next frame, or null when the stream ended cleanly between frames.
     *
     * @throws ProtocolException for a malformed frame or a stream that ends inside one
     */
    public Frame next() throws IOException {
        int got = in.readNBytes(header, 0, FrameHeader.LENGTH);
        bytesRead += got;
        if (got == 0) {
            return null;
        }
        if (got < FrameHeader.LENGTH) {
            throw new ProtocolException(ProtocolError.STREAM_CLOSED_MID_HEADER, "FCRP stream closed mid-header");
        }
        FrameHeader parsed = FrameHeader.parse(header, 0, maxPayload);
        int length = parsed.payloadLength();
        byte[] wire = length > REUSED_BUFFER_BYTES ? readLarge(length) : readInto(buffer(length, false), length);
        byte[] scratch = parsed.compressed() ? buffer(parsed.uncompressedLength(), true) : null;
        return FrameCodec.open(parsed, wire, 0, scratch);
    }

    private byte[] readInto(byte[] target, int length) throws IOException {
        int got = in.readNBytes(target, 0, length);
        bytesRead += got;
        if (got < length) {
            throw midPayload();
        }
        return target;
    }

    /** Grows the buffer as bytes arrive, so a header alone cannot make us allocate its declared size. */
    private byte[] readLarge(int length) throws IOException {
        byte[] target = new byte[REUSED_BUFFER_BYTES];
        int got = 0;
        while (got < length) {
            if (got == target.length) {
                target = Arrays.copyOf(target, (int) Math.min(length, target.length * 2L));
            }
            int read = in.read(target, got, target.length - got);
            if (read < 0) {
                throw midPayload();
            }
            got += read;
            bytesRead += read;
        }
        return target;
    }

    private static ProtocolException midPayload() {
        return new ProtocolException(ProtocolError.STREAM_CLOSED_MID_PAYLOAD, "FCRP stream closed mid-payload");
    }

    private byte[] buffer(int length, boolean inflate) {
        byte[] current = inflate ? inflateBuffer : wireBuffer;
        if (current.length >= length) {
            return current;
        }
        if (length > REUSED_BUFFER_BYTES) {
            return new byte[length];
        }
        byte[] grown = new byte[Math.min(REUSED_BUFFER_BYTES, Math.max(length, current.length * 2))];
        if (inflate) {
            inflateBuffer = grown;
        } else {
            wireBuffer = grown;
        }
        return grown;
    }
}
