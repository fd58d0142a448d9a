package io.fcrp.impl.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The layout of one entry in off-heap memory, 8-byte aligned: {@code key_len:u32, value_len:u32,
 * expire_at_ms:u64, key, value}, which is exactly a snapshot entry (spec §4.5), so snapshots copy
 * whole blocks. The top bit of {@code key_len} marks a freed block (keys never come near 2 GiB).
 */
final class Block {

    static final int HEADER_BYTES = 16;
    static final int KEY_LENGTH = 0;
    static final int VALUE_LENGTH = 4;
    static final int EXPIRY = 8;
    static final int DEAD = 0x8000_0000;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private Block() {
    }

    /** Bytes a block of these lengths takes, header and alignment included. */
    static long size(long keyLength, long valueLength) {
        return (HEADER_BYTES + keyLength + valueLength + 7) & ~7L;
    }

    static int keyLength(ByteBuffer buffer, int offset) {
        return buffer.getInt(offset + KEY_LENGTH) & ~DEAD;
    }

    static int valueLength(ByteBuffer buffer, int offset) {
        return buffer.getInt(offset + VALUE_LENGTH);
    }

    static long expiry(ByteBuffer buffer, int offset) {
        return buffer.getLong(offset + EXPIRY);
    }

    static boolean isDead(ByteBuffer buffer, int offset) {
        return (buffer.getInt(offset + KEY_LENGTH) & DEAD) != 0;
    }

    /** The size of the block at {@code offset}, live or dead. */
    static int sizeAt(ByteBuffer buffer, int offset) {
        return (int) size(keyLength(buffer, offset), valueLength(buffer, offset));
    }

    static void markDead(ByteBuffer buffer, int offset) {
        buffer.putInt(offset + KEY_LENGTH, buffer.getInt(offset + KEY_LENGTH) | DEAD);
    }

    static void write(ByteBuffer buffer, int offset, byte[] keyBytes, int keyOffset, int keyLength, byte[] valueBytes,
            int valueOffset, int valueLength, long expireAtMs) {
        buffer.putInt(offset + KEY_LENGTH, keyLength);
        buffer.putInt(offset + VALUE_LENGTH, valueLength);
        buffer.putLong(offset + EXPIRY, expireAtMs);
        buffer.put(offset + HEADER_BYTES, keyBytes, keyOffset, keyLength);
        buffer.put(offset + HEADER_BYTES + keyLength, valueBytes, valueOffset, valueLength);
    }

    /** Replaces the value (of the same block size) and the expiry in place. */
    static void overwriteValue(ByteBuffer buffer, int offset, byte[] valueBytes, int valueOffset, int valueLength,
            long expireAtMs) {
        int keyLength = keyLength(buffer, offset);
        buffer.putInt(offset + VALUE_LENGTH, valueLength);
        buffer.putLong(offset + EXPIRY, expireAtMs);
        buffer.put(offset + HEADER_BYTES + keyLength, valueBytes, valueOffset, valueLength);
    }

    /** True when the block holds exactly {@code key[keyOffset..+keyLength)}. */
    static boolean keyEquals(ByteBuffer buffer, int offset, byte[] key, int keyOffset, int keyLength) {
        if (buffer.getInt(offset + KEY_LENGTH) != keyLength) {
            return false;
        }
        int base = offset + HEADER_BYTES;
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
        buffer.get(offset + HEADER_BYTES, key);
        return key;
    }

    static byte[] value(ByteBuffer buffer, int offset) {
        int keyLength = keyLength(buffer, offset);
        byte[] value = new byte[valueLength(buffer, offset)];
        buffer.get(offset + HEADER_BYTES + keyLength, value);
        return value;
    }
}
