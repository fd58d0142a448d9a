package io.fcrp.impl.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked little-endian cursor over one payload (spec §2.6): running past the end is
 * {@link ProtocolError#PAYLOAD_TRUNCATED}, and {@link #finish()} rejects trailing bytes.
 */
public final class PayloadReader {

    private final byte[] bytes;
    private final int limit;
    private int position;

    public PayloadReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.limit = offset + length;
    }

    public PayloadReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public byte[] array() {
        return bytes;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return limit - position;
    }

    public int u8() throws ProtocolException {
        require(1);
        return bytes[position++] & 0xFF;
    }

    /** A u32 as a non-negative long. */
    public long u32() throws ProtocolException {
        require(4);
        long value = LittleEndian.getUnsignedInt(bytes, position);
        position += 4;
        return value;
    }

    public long u64() throws ProtocolException {
        require(8);
        long value = LittleEndian.getLong(bytes, position);
        position += 8;
        return value;
    }

    /** A u32 length that must fit in the remaining bytes; returns it as an int. */
    public int length() throws ProtocolException {
        long length = u32();
        if (length > remaining()) {
            throw truncated();
        }
        return (int) length;
    }

    /** The next u32 without consuming it (the caller checked that four bytes remain). */
    public long peekU32() {
        return LittleEndian.getUnsignedInt(bytes, position);
    }

    /**
     * A u32 count of items of at least {@code minItemSize} bytes each, checked against the
     * remaining bytes before anything is allocated for it.
     */
    public int count(int minItemSize, String what) throws ProtocolException {
        return checkCount(u32(), minItemSize, what);
    }

    /** {@link #count} for a count read earlier. */
    public int checkCount(long count, int minItemSize, String what) throws ProtocolException {
        if (count * minItemSize > remaining()) {
            throw new ProtocolException(
                    ProtocolError.COUNT_EXCEEDS_PAYLOAD,
                    "FCRP payload declares " + count + " " + what + " but only " + remaining() + " bytes remain");
        }
        return (int) count;
    }

    /** Skips {@code length} bytes (already checked by {@link #length()}), returning their offset. */
    public int skip(int length) throws ProtocolException {
        require(length);
        int start = position;
        position += length;
        return start;
    }

    /** {@code length} bytes decoded as strict UTF-8; {@code failure} starts the error message. */
    public String utf8(int length, ProtocolError error, String failure) throws ProtocolException {
        int start = skip(length);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(error, failure + ": " + e.getMessage(), e);
        }
    }

    /** Fails when bytes are left after the last field. */
    public void finish() throws ProtocolException {
        if (position != limit) {
            throw new ProtocolException(
                    ProtocolError.TRAILING_BYTES, "FCRP payload contains trailing bytes (" + (limit - position) + ")");
        }
    }

    private void require(int length) throws ProtocolException {
        if (length < 0 || length > limit - position) {
            throw truncated();
        }
    }

    private static ProtocolException truncated() {
        return new ProtocolException(ProtocolError.PAYLOAD_TRUNCATED, "FCRP payload is truncated");
    }
}
