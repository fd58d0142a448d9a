package io.fcrp.impl.store;

import io.fcrp.api.Entry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The layout of one entry in off-heap memory, 8-byte aligned: {@code key_len:u32, value_len:u32},
 * then {@code expire_at_ms:u64} only when the entry has an expiry (most have none), then key and
 * value, then for a governed entry (replicated with governance metadata by a {@code shardmap}
 * 0.6–0.7 primary) {@code governance_len:u32} and the metadata. Flags live in the lengths' top bits
 * (keys and values stay below 256 MiB): in {@code key_len} a freed block and a governed entry, in
 * {@code value_len} the presence of the expiry.
 */
final class Block {

    private static final int KEY_LENGTH = 0;
    private static final int VALUE_LENGTH = 4;
    private static final int EXPIRY = 8;
    private static final int LENGTHS_BYTES = 8;
    private static final int DEAD = 0x8000_0000;
    private static final int GOVERNED = 0x4000_0000;
    private static final int KEY_FLAGS = DEAD | GOVERNED;
    private static final int HAS_EXPIRY = 0x8000_0000;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Block() {}

    /** Bytes a plain block takes, header and alignment included. */
    static long size(long keyLength, long valueLength, long expireAtMs) {
        return size(keyLength, valueLength, expireAtMs, -1);
    }

    /** Bytes a block takes; {@code governanceLength} is -1 for a plain entry. */
    static long size(long keyLength, long valueLength, long expireAtMs, long governanceLength) {
        long header = expireAtMs == Entry.NO_EXPIRY ? LENGTHS_BYTES : LENGTHS_BYTES + Long.BYTES;
        long governance = governanceLength < 0 ? 0 : Integer.BYTES + governanceLength;
        return (header + keyLength + valueLength + governance + 7) & ~7L;
    }

    static int keyLength(ByteBuffer buffer, int offset) {
        return buffer.getInt(offset + KEY_LENGTH) & ~KEY_FLAGS;
    }

    static boolean isGoverned(ByteBuffer buffer, int offset) {
        return (buffer.getInt(offset + KEY_LENGTH) & GOVERNED) != 0;
    }

    /** The governance metadata's length, or -1 for a plain entry. */
    static int governanceLength(ByteBuffer buffer, int offset) {
        return isGoverned(buffer, offset) ? buffer.getInt(governanceAt(buffer, offset)) : -1;
    }

    /** A copy of the governance metadata, or null for a plain entry. */
    static byte[] governance(ByteBuffer buffer, int offset) {
        if (!isGoverned(buffer, offset)) {
            return null;
        }
        int at = governanceAt(buffer, offset);
        byte[] governance = new byte[buffer.getInt(at)];
        buffer.get(at + Integer.BYTES, governance);
        return governance;
    }

    static int valueLength(ByteBuffer buffer, int offset) {
        return buffer.getInt(offset + VALUE_LENGTH) & ~HAS_EXPIRY;
    }

    static boolean hasExpiry(ByteBuffer buffer, int offset) {
        return (buffer.getInt(offset + VALUE_LENGTH) & HAS_EXPIRY) != 0;
    }

    /** The expiry, or {@link Entry#NO_EXPIRY}. */
    static long expiry(ByteBuffer buffer, int offset) {
        return hasExpiry(buffer, offset) ? buffer.getLong(offset + EXPIRY) : Entry.NO_EXPIRY;
    }

    /** Where the key starts; the value follows it. */
    static int dataOffset(ByteBuffer buffer, int offset) {
        return hasExpiry(buffer, offset) ? offset + LENGTHS_BYTES + Long.BYTES : offset + LENGTHS_BYTES;
    }

    static boolean isDead(ByteBuffer buffer, int offset) {
        return (buffer.getInt(offset + KEY_LENGTH) & DEAD) != 0;
    }

    /** The size of the block at {@code offset}, live or dead. */
    static int sizeAt(ByteBuffer buffer, int offset) {
        return (int) size(
                keyLength(buffer, offset),
                valueLength(buffer, offset),
                expiry(buffer, offset),
                governanceLength(buffer, offset));
    }

    static void markDead(ByteBuffer buffer, int offset) {
        buffer.putInt(offset + KEY_LENGTH, buffer.getInt(offset + KEY_LENGTH) | DEAD);
    }

    /** Writes a block; {@code governanceOffset} is -1 for a plain entry. */
    static void write(
            ByteBuffer buffer,
            int offset,
            byte[] keyBytes,
            int keyOffset,
            int keyLength,
            byte[] valueBytes,
            int valueOffset,
            int valueLength,
            long expireAtMs,
            byte[] governanceBytes,
            int governanceOffset,
            int governanceLength) {
        buffer.putInt(offset + KEY_LENGTH, governanceOffset < 0 ? keyLength : keyLength | GOVERNED);
        int data = writeValueHeader(buffer, offset, valueLength, expireAtMs);
        buffer.put(data, keyBytes, keyOffset, keyLength);
        buffer.put(data + keyLength, valueBytes, valueOffset, valueLength);
        if (governanceOffset >= 0) {
            int at = data + keyLength + valueLength;
            buffer.putInt(at, governanceLength);
            buffer.put(at + Integer.BYTES, governanceBytes, governanceOffset, governanceLength);
        }
    }

    /** Copies key, value and governance of {@code from} into a new block at {@code offset} with another expiry. */
    static void copyWithExpiry(ByteBuffer from, int fromOffset, ByteBuffer buffer, int offset, long expireAtMs) {
        int keyLength = keyLength(from, fromOffset);
        int valueLength = valueLength(from, fromOffset);
        int governanceLength = governanceLength(from, fromOffset);
        buffer.putInt(offset + KEY_LENGTH, from.getInt(fromOffset + KEY_LENGTH) & ~DEAD);
        int data = writeValueHeader(buffer, offset, valueLength, expireAtMs);
        int length = keyLength + valueLength + (governanceLength < 0 ? 0 : Integer.BYTES + governanceLength);
        buffer.put(data, from, dataOffset(from, fromOffset), length);
    }

    /**
     * Replaces the value and the expiry in place: the block keeps its size and whether it has an
     * expiry (see {@link #fitsInPlace}).
     */
    static void overwriteValue(
            ByteBuffer buffer, int offset, byte[] valueBytes, int valueOffset, int valueLength, long expireAtMs) {
        int keyLength = keyLength(buffer, offset);
        int data = writeValueHeader(buffer, offset, valueLength, expireAtMs);
        buffer.put(data + keyLength, valueBytes, valueOffset, valueLength);
    }

    /** Changes the expiry of a block that has one, in place. */
    static void setExpiry(ByteBuffer buffer, int offset, long expireAtMs) {
        buffer.putLong(offset + EXPIRY, expireAtMs);
    }

    /**
     * True when a plain block of {@code size} bytes in all and this expiry can replace this plain
     * block's value in place.
     */
    static boolean fitsInPlace(ByteBuffer buffer, int offset, int size, long expireAtMs) {
        return !isGoverned(buffer, offset)
                && sizeAt(buffer, offset) == size
                && hasExpiry(buffer, offset) == (expireAtMs != Entry.NO_EXPIRY);
    }

    /** True when the block holds exactly {@code key[keyOffset..+keyLength)}. */
    static boolean keyEquals(ByteBuffer buffer, int offset, byte[] key, int keyOffset, int keyLength) {
        if ((buffer.getInt(offset + KEY_LENGTH) & ~GOVERNED) != keyLength) {
            return false; // a freed block never matches
        }
        int base = dataOffset(buffer, offset);
        int i = 0;
        for (; i + Long.BYTES <= keyLength; i += Long.BYTES) {
            if (buffer.getLong(base + i) != (long) LONGS.get(key, keyOffset + i)) {
                return false;
            }
        }
        for (; i < keyLength; i++) {
            if (buffer.get(base + i) != key[keyOffset + i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] key(ByteBuffer buffer, int offset) {
        byte[] key = new byte[keyLength(buffer, offset)];
        buffer.get(dataOffset(buffer, offset), key);
        return key;
    }

    static byte[] value(ByteBuffer buffer, int offset) {
        byte[] value = new byte[valueLength(buffer, offset)];
        buffer.get(dataOffset(buffer, offset) + keyLength(buffer, offset), value);
        return value;
    }

    private static int governanceAt(ByteBuffer buffer, int offset) {
        return dataOffset(buffer, offset) + keyLength(buffer, offset) + valueLength(buffer, offset);
    }

    /** Writes {@code value_len} with its expiry flag, and the expiry; returns where the key goes. */
    private static int writeValueHeader(ByteBuffer buffer, int offset, int valueLength, long expireAtMs) {
        if (expireAtMs == Entry.NO_EXPIRY) {
            buffer.putInt(offset + VALUE_LENGTH, valueLength);
            return offset + LENGTHS_BYTES;
        }
        buffer.putInt(offset + VALUE_LENGTH, valueLength | HAS_EXPIRY);
        buffer.putLong(offset + EXPIRY, expireAtMs);
        return offset + LENGTHS_BYTES + Long.BYTES;
    }
}
