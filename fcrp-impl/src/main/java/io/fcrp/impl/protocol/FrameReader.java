package io.fcrp.impl.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads frames from a stream: exactly 16 header bytes, the limit checked before anything is
 * allocated, then exactly {@code payload_len} bytes. Buffers up to {@link #REUSED_BUFFER_BYTES}
 * are reused across frames, so a returned {@link Frame} is valid until the next call; larger
 * payloads get a buffer that grows as their bytes arrive. A read timeout loses nothing: the next
 * call resumes the frame in progress.
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
    /** The frame in progress: header bytes read, its parsed header, its payload bytes read. */
    private int headerGot;

    private FrameHeader pending;
    private byte[] pendingWire;
    private int payloadGot;

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
     * The next frame, or null when the stream ended cleanly between frames. When the stream's
     * read times out ({@link java.net.SocketTimeoutException}), the bytes read so far are kept
     * and the next call continues the same frame.
     *
     * @throws ProtocolException for a malformed frame or a stream that ends inside one
     */
    public Frame next() throws IOException {
        while (headerGot < FrameHeader.LENGTH) {
            int read = in.read(header, headerGot, FrameHeader.LENGTH - headerGot);
            if (read < 0) {
                if (headerGot == 0) {
                    return null;
                }
                throw new ProtocolException(ProtocolError.STREAM_CLOSED_MID_HEADER, "FCRP stream closed mid-header");
            }
            headerGot += read;
            bytesRead += read;
        }
        if (pending == null) {
            pending = FrameHeader.parse(header, 0, maxPayload);
            int length = pending.payloadLength();
            // large payloads get a buffer that grows as bytes arrive, never their declared size up front
            pendingWire = length > REUSED_BUFFER_BYTES ? new byte[REUSED_BUFFER_BYTES] : buffer(length, false);
            payloadGot = 0;
        }
        int length = pending.payloadLength();
        while (payloadGot < length) {
            if (payloadGot == pendingWire.length) {
                pendingWire = Arrays.copyOf(pendingWire, (int) Math.min(length, pendingWire.length * 2L));
            }
            int read = in.read(pendingWire, payloadGot, Math.min(pendingWire.length, length) - payloadGot);
            if (read < 0) {
                throw new ProtocolException(ProtocolError.STREAM_CLOSED_MID_PAYLOAD, "FCRP stream closed mid-payload");
            }
            payloadGot += read;
            bytesRead += read;
        }
        FrameHeader parsed = pending;
        byte[] wire = pendingWire;
        headerGot = 0;
        pending = null;
        pendingWire = null;
        byte[] scratch = parsed.compressed() ? buffer(parsed.uncompressedLength(), true) : null;
        return FrameCodec.open(parsed, wire, 0, scratch);
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
