package io.fcrp.impl.store;

import java.util.Arrays;

import io.fcrp.api.Entry;

/**
 * An open-addressing hash table (linear probing, backward-shift deletion) over two interleaved
 * arrays, so an entry costs no object beyond its key and value arrays and a lookup touches few
 * cache lines: {@code meta} holds each slot's hash and expiry side by side, {@code refs} its key
 * and value. Keys are located by their XXH3 hash, stored never as 0 so that 0 marks an empty
 * slot. Not thread-safe: its {@link Shard} guards it.
 */
final class ShardTable {

    private static final int MIN_CAPACITY = 16;

    /** slot i: meta[2i] = stored hash (0 = empty), meta[2i + 1] = expiry. */
    private long[] meta;
    /** slot i: refs[2i] = key, refs[2i + 1] = value. */
    private byte[][] refs;
    private int mask;
    private int size;
    /** Entries with an expiry: the sweeper skips tables without any. */
    private int expiring;
    private long keyValueBytes;

    ShardTable() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    /** Entries that have an expiry. */
    int expiring() {
        return expiring;
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
        long stored = stored(hash);
        int slot = home(stored);
        while (true) {
            long candidate = meta[2 * slot];
            if (candidate == 0) {
                return -1;
            }
            if (candidate == stored) {
                byte[] existing = refs[2 * slot];
                if (existing.length == length && Arrays.equals(existing, 0, length, key, offset, offset + length)) {
                    return slot;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    int find(long hash, byte[] key) {
        return find(hash, key, 0, key.length);
    }

    byte[] keyAt(int slot) {
        return refs[2 * slot];
    }

    byte[] valueAt(int slot) {
        return refs[2 * slot + 1];
    }

    long expireAt(int slot) {
        return meta[2 * slot + 1];
    }

    /** True when the slot's entry has an expiry at or before {@code nowMs}. */
    boolean expiredAt(int slot, long nowMs) {
        return isPast(meta[2 * slot + 1], nowMs);
    }

    /** True when {@code expireAtMs} is a real instant at or before {@code nowMs}. */
    static boolean isPast(long expireAtMs, long nowMs) {
        return expireAtMs != Entry.NO_EXPIRY && Long.compareUnsigned(expireAtMs, nowMs) <= 0;
    }

    /**
     * Replaces the value of the key held in {@code keyBytes[keyOffset..+keyLength)}, or inserts it
     * with a copy of those bytes: an update reuses the stored key array.
     */
    void put(long hash, byte[] keyBytes, int keyOffset, int keyLength, byte[] value, long expireAtMs) {
        int slot = find(hash, keyBytes, keyOffset, keyLength);
        if (slot >= 0) {
            keyValueBytes += value.length - refs[2 * slot + 1].length;
            refs[2 * slot + 1] = value;
            setExpiry(slot, expireAtMs);
        } else {
            put(hash, Arrays.copyOfRange(keyBytes, keyOffset, keyOffset + keyLength), value, expireAtMs);
        }
    }

    /** Inserts or replaces; the table keeps the arrays. */
    void put(long hash, byte[] key, byte[] value, long expireAtMs) {
        long stored = stored(hash);
        int slot = home(stored);
        while (true) {
            long candidate = meta[2 * slot];
            if (candidate == 0) {
                break;
            }
            if (candidate == stored && Arrays.equals(refs[2 * slot], key)) {
                keyValueBytes += value.length - refs[2 * slot + 1].length;
                refs[2 * slot + 1] = value;
                setExpiry(slot, expireAtMs);
                return;
            }
            slot = (slot + 1) & mask;
        }
        meta[2 * slot] = stored;
        meta[2 * slot + 1] = expireAtMs;
        refs[2 * slot] = key;
        refs[2 * slot + 1] = value;
        keyValueBytes += key.length + value.length;
        if (expireAtMs != Entry.NO_EXPIRY) {
            expiring++;
        }
        if (++size > (mask + 1) * 7L / 10) {
            resize((mask + 1) * 2);
        }
    }

    void setExpiry(int slot, long expireAtMs) {
        long previous = meta[2 * slot + 1];
        if ((previous == Entry.NO_EXPIRY) != (expireAtMs == Entry.NO_EXPIRY)) {
            expiring += expireAtMs == Entry.NO_EXPIRY ? -1 : 1;
        }
        meta[2 * slot + 1] = expireAtMs;
    }

    /** Removes the entry in {@code slot}, shifting later probe-chain members back into the hole. */
    void removeAt(int slot) {
        keyValueBytes -= refs[2 * slot].length + refs[2 * slot + 1].length;
        if (meta[2 * slot + 1] != Entry.NO_EXPIRY) {
            expiring--;
        }
        size--;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (meta[2 * next] != 0) {
            int home = home(meta[2 * next]);
            // move next into the hole when its home does not lie cyclically in (hole, next]
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                move(next, hole);
                hole = next;
            }
            next = (next + 1) & mask;
        }
        meta[2 * hole] = 0;
        refs[2 * hole] = null;
        refs[2 * hole + 1] = null;
    }

    /**
     * Removes entries expired at {@code nowMs} among {@code count} slots from {@code start};
     * returns how many were removed.
     */
    int sweep(int start, int count, long nowMs) {
        if (expiring == 0) {
            return 0;
        }
        int removed = 0;
        int end = Math.min(mask + 1, start + count);
        for (int slot = start; slot < end; slot++) {
            // a removal may shift another expired entry into this slot: look again
            while (meta[2 * slot] != 0 && expiredAt(slot, nowMs)) {
                removeAt(slot);
                removed++;
            }
        }
        return removed;
    }

    /** A copy of the slots, taken under the shard's lock and read without it. */
    SlotCopy copySlots() {
        return new SlotCopy(meta.clone(), refs.clone());
    }

    /** The slots of a table at one instant; arrays of keys and values are shared, never modified. */
    static final class SlotCopy {
        private final long[] meta;
        private final byte[][] refs;

        private SlotCopy(long[] meta, byte[][] refs) {
            this.meta = meta;
            this.refs = refs;
        }

        /** Entries not expired at {@code nowMs}. */
        long liveCount(long nowMs) {
            long live = 0;
            for (int slot = 0; slot < meta.length / 2; slot++) {
                if (meta[2 * slot] != 0 && !isPast(meta[2 * slot + 1], nowMs)) {
                    live++;
                }
            }
            return live;
        }

        /** Visits the entries not expired at {@code nowMs}. */
        void forEachLive(long nowMs, SlotVisitor visitor) {
            for (int slot = 0; slot < meta.length / 2; slot++) {
                if (meta[2 * slot] != 0 && !isPast(meta[2 * slot + 1], nowMs)) {
                    visitor.visit(refs[2 * slot], refs[2 * slot + 1], meta[2 * slot + 1]);
                }
            }
        }
    }

    @FunctionalInterface
    interface SlotVisitor {
        void visit(byte[] key, byte[] value, long expireAtMs);
    }

    /** The hash as stored: never 0, which marks empty slots (the key comparison resolves the alias). */
    private static long stored(long hash) {
        return hash == 0 ? 1 : hash;
    }

    private void move(int from, int to) {
        meta[2 * to] = meta[2 * from];
        meta[2 * to + 1] = meta[2 * from + 1];
        refs[2 * to] = refs[2 * from];
        refs[2 * to + 1] = refs[2 * from + 1];
    }

    private int home(long stored) {
        return (int) (stored ^ (stored >>> 29)) & mask;
    }

    private void allocate(int capacity) {
        meta = new long[2 * capacity];
        refs = new byte[2 * capacity][];
        mask = capacity - 1;
    }

    private void resize(int capacity) {
        long[] oldMeta = meta;
        byte[][] oldRefs = refs;
        allocate(capacity);
        for (int slot = 0; slot < oldMeta.length / 2; slot++) {
            long stored = oldMeta[2 * slot];
            if (stored != 0) {
                int target = home(stored);
                while (meta[2 * target] != 0) {
                    target = (target + 1) & mask;
                }
                meta[2 * target] = stored;
                meta[2 * target + 1] = oldMeta[2 * slot + 1];
                refs[2 * target] = oldRefs[2 * slot];
                refs[2 * target + 1] = oldRefs[2 * slot + 1];
            }
        }
    }
}
