package io.fcrp.impl.store;

import java.util.Arrays;

import io.fcrp.api.Entry;

/**
 * An open-addressing hash table (linear probing, backward-shift deletion) over parallel arrays,
 * so an entry costs no object beyond its key and value arrays. Keys are located by their XXH3
 * hash. Not thread-safe: its {@link Shard} guards it.
 */
final class ShardTable {

    private static final int MIN_CAPACITY = 16;

    private long[] hashes;
    private byte[][] keys;
    private byte[][] values;
    private long[] expires;
    private int mask;
    private int size;
    private long keyValueBytes;

    ShardTable() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    /** Sum of key and value lengths held. */
    long keyValueBytes() {
        return keyValueBytes;
    }

    /** Slots allocated (for memory accounting). */
    int capacity() {
        return mask + 1;
    }

    /** The slot holding the key, or -1. */
    int find(long hash, byte[] key, int offset, int length) {
        int slot = home(hash);
        while (true) {
            byte[] candidate = keys[slot];
            if (candidate == null) {
                return -1;
            }
            if (hashes[slot] == hash && candidate.length == length
                    && Arrays.equals(candidate, 0, length, key, offset, offset + length)) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    int find(long hash, byte[] key) {
        return find(hash, key, 0, key.length);
    }

    byte[] keyAt(int slot) {
        return keys[slot];
    }

    byte[] valueAt(int slot) {
        return values[slot];
    }

    long expireAt(int slot) {
        return expires[slot];
    }

    /** True when the slot's entry has an expiry at or before {@code nowMs}. */
    boolean expiredAt(int slot, long nowMs) {
        return isPast(expires[slot], nowMs);
    }

    /** True when {@code expireAtMs} is a real instant at or before {@code nowMs}. */
    static boolean isPast(long expireAtMs, long nowMs) {
        return expireAtMs != Entry.NO_EXPIRY && Long.compareUnsigned(expireAtMs, nowMs) <= 0;
    }

    /** Inserts or replaces; the table keeps the arrays. */
    void put(long hash, byte[] key, byte[] value, long expireAtMs) {
        int slot = home(hash);
        while (true) {
            byte[] candidate = keys[slot];
            if (candidate == null) {
                break;
            }
            if (hashes[slot] == hash && Arrays.equals(candidate, key)) {
                keyValueBytes += value.length - values[slot].length;
                values[slot] = value;
                expires[slot] = expireAtMs;
                return;
            }
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        keys[slot] = key;
        values[slot] = value;
        expires[slot] = expireAtMs;
        keyValueBytes += key.length + value.length;
        if (++size > (mask + 1) * 7L / 10) {
            resize((mask + 1) * 2);
        }
    }

    void setExpiry(int slot, long expireAtMs) {
        expires[slot] = expireAtMs;
    }

    /** Removes the entry in {@code slot}, shifting later probe-chain members back into the hole. */
    void removeAt(int slot) {
        keyValueBytes -= keys[slot].length + values[slot].length;
        size--;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (keys[next] != null) {
            int home = home(hashes[next]);
            // move next into the hole when its home does not lie cyclically in (hole, next]
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                move(next, hole);
                hole = next;
            }
            next = (next + 1) & mask;
        }
        keys[hole] = null;
        values[hole] = null;
    }

    /**
     * Removes entries expired at {@code nowMs} among {@code count} slots from {@code start};
     * returns how many were removed.
     */
    int sweep(int start, int count, long nowMs) {
        int removed = 0;
        int end = Math.min(mask + 1, start + count);
        for (int slot = start; slot < end; slot++) {
            // a removal may shift another expired entry into this slot: look again
            while (keys[slot] != null && expiredAt(slot, nowMs)) {
                removeAt(slot);
                removed++;
            }
        }
        return removed;
    }

    /** Visits every slot in use. */
    void forEachSlot(SlotVisitor visitor) {
        for (int slot = 0; slot <= mask; slot++) {
            if (keys[slot] != null) {
                visitor.visit(keys[slot], values[slot], expires[slot]);
            }
        }
    }

    @FunctionalInterface
    interface SlotVisitor {
        void visit(byte[] key, byte[] value, long expireAtMs);
    }

    private void move(int from, int to) {
        hashes[to] = hashes[from];
        keys[to] = keys[from];
        values[to] = values[from];
        expires[to] = expires[from];
    }

    private int home(long hash) {
        return (int) (hash ^ (hash >>> 29)) & mask;
    }

    private void allocate(int capacity) {
        hashes = new long[capacity];
        keys = new byte[capacity][];
        values = new byte[capacity][];
        expires = new long[capacity];
        mask = capacity - 1;
    }

    private void resize(int capacity) {
        long[] oldHashes = hashes;
        byte[][] oldKeys = keys;
        byte[][] oldValues = values;
        long[] oldExpires = expires;
        allocate(capacity);
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldKeys[slot] != null) {
                int target = home(oldHashes[slot]);
                while (keys[target] != null) {
                    target = (target + 1) & mask;
                }
                hashes[target] = oldHashes[slot];
                keys[target] = oldKeys[slot];
                values[target] = oldValues[slot];
                expires[target] = oldExpires[slot];
            }
        }
    }
}
