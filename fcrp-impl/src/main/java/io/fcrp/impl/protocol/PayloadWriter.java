package io.fcrp.impl.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable little-endian buffer that starts with room for the 16-byte frame header, so a
 * payload is written once and framed in place.
 */
public final class PayloadWriter {

    private byte[] bytes;
    private int position;

    public PayloadWriter(int initialPayloadCapacity) {
        bytes = new byte[FrameHeader.LENGTH + Math.max(16, initialPayloadCapacity)];
        position = FrameHeader.LENGTH;
    }

    /** Bytes written after the header slot. */
    public int payloadLength() {
        return position - FrameHeader.LENGTH;
    }

    /** Forgets the payload written so far, keeping the buffer. */
    public void reset() {
        position = FrameHeader.LENGTH;
    }

    public byte[] array() {
        return bytes;
    }

    public int position() {
        return position;
    }

    public PayloadWriter u8(int value) {
        ensure(1);
        bytes[position++] = (byte) value;
        return this;
    }

    public PayloadWriter u32(long value) {
        ensure(4);
        LittleEndian.putInt(bytes, position, (int) value);
        position += 4;
        return this;
    }

    public PayloadWriter u64(long value) {
        ensure(8);
        LittleEndian.putLong(bytes, position, value);
        position += 8;
        return this;
    }

    public PayloadWriter bytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, position, length);
        position += length;
        return this;
    }

    public PayloadWriter bytes(byte[] source) {
        return bytes(source, 0, source.length);
    }

    /** Copies {@code length} bytes of {@code source} from absolute {@code index}, e.g. off-heap memory. */
    public PayloadWriter bytes(ByteBuffer source, int index, int length) {
        ensure(length);
        source.get(index, bytes, position, length);
        position += length;
        return this;
    }

    /** Forgets the payload and gives back a buffer that grew above {@code keptBytes}. */
    public void reset(int keptBytes) {
        position = FrameHeader.LENGTH;
        if (bytes.length > keptBytes + FrameHeader.LENGTH) {
            bytes = new byte[keptBytes + FrameHeader.LENGTH];
        }
    }

    /** Overwrites a u8 written earlier at absolute {@code offset}. */
    public void patchU8(int offset, int value) {
        bytes[offset] = (byte) value;
    }

    /** Overwrites a u32 written earlier at absolute {@code offset}. */
    public void patchU32(int offset, long value) {
        LittleEndian.putInt(bytes, offset, (int) value);
    }

    /** Makes room for {@code length} more bytes. */
    public void ensure(int length) {
        long needed = (long) position + length;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("payload above 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8, bytes.length * 2L)));
        }
    }

    /** A copy of the payload without the header slot. */
    public byte[] payloadCopy() {
        return Arrays.copyOfRange(bytes, FrameHeader.LENGTH, position);
    }
}
