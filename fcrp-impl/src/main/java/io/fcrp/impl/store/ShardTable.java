package io.fcrp.impl.store;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.fcrp.api.Entry;
import io.fcrp.api.StoreFullException;
import io.fcrp.impl.protocol.KeyHash;

/**
 * An open-addressing hash table (linear probing, backward-shift deletion) whose entries live
 * off the heap in a {@link SlabArena}. Each slot is one {@code long}: a has-expiry flag, the low
 * {@link #TAG_BITS} bits of the key's XXH3 hash (which also give the home slot, so nothing is
 * read off-heap to rehash) and the block's address; 0 marks an empty slot. A lookup reads the
 * slot array and, when the tag matches, one block. Not thread-safe: its {@link Shard} guards it.
 */
final class ShardTable implements SlabArena.Relocator {

    static final int TAG_BITS = 27;
    /** The most slots a table can have: home slots come from the tag bits. */
    static final int MAX_CAPACITY = 1 << TAG_BITS;
    static final int MAX_ENTRIES = MAX_CAPACITY / 10 * 7;
    private static final long TAG_MASK = (1L << TAG_BITS) - 1;
    private static final long EXPIRY_FLAG = 1L << 63;
    private static final int MIN_CAPACITY = 16;

    private final SlabArena arena;
    private long[] slots;
    private int mask;
    private int size;
    private int expiring;
    private long keyValueBytes;
    /** Keys of relocated blocks are hashed from here (slab blocks are at most 64 KiB). */
    private byte[] keyScratch = new byte[64];

    ShardTable(MemoryBudget budget) {
        arena = new SlabArena(budget);
        arena.relocator(this);
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

    /** Off-heap bytes of live blocks (headers and alignment included). */
    long liveBlockBytes() {
        return arena.liveBytes();
    }

    /** Slots allocated. */
    int capacity() {
        return mask + 1;
    }

    /** The slot holding the key, or -1. */
    int find(long hash, byte[] key, int offset, int length) {
        long tag = hash & TAG_MASK;
        int slot = (int) tag & mask;
        while (true) {
            long candidate = slots[slot];
            if (candidate == 0) {
                return -1;
            }
            if (tagOf(candidate) == tag) {
                long address = addressOf(candidate);
                if (Block.keyEquals(arena.buffer(address), SlabArena.offset(address), key, offset, length)) {
                    return slot;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    int find(long hash, byte[] key) {
        return find(hash, key, 0, key.length);
    }

    /** A copy of the key in {@code slot}. */
    byte[] keyAt(int slot) {
        long address = addressOf(slots[slot]);
        return Block.key(arena.buffer(address), SlabArena.offset(address));
    }

    /** A copy of the value in {@code slot}. */
    byte[] valueAt(int slot) {
        long address = addressOf(slots[slot]);
        return Block.value(arena.buffer(address), SlabArena.offset(address));
    }

    long expireAt(int slot) {
        long value = slots[slot];
        if (value >= 0) {
            return Entry.NO_EXPIRY;
        }
        long address = addressOf(value);
        return Block.expiry(arena.buffer(address), SlabArena.offset(address));
    }

    /** True when the slot's entry has an expiry at or before {@code nowMs}. */
    boolean expiredAt(int slot, long nowMs) {
        return slots[slot] < 0 && isPast(expireAt(slot), nowMs);
    }

    /** True when {@code expireAtMs} is a real instant at or before {@code nowMs}. */
    static boolean isPast(long expireAtMs, long nowMs) {
        return expireAtMs != Entry.NO_EXPIRY && Long.compareUnsigned(expireAtMs, nowMs) <= 0;
    }

    /**
     * Inserts the key or replaces its value and expiry, copying the bytes off the heap: in place
     * when the block keeps its size and no snapshot reads the shard.
     *
     * @throws StoreFullException when memory cannot hold it; the table is then unchanged
     */
    void put(long hash, byte[] keyBytes, int keyOffset, int keyLength, byte[] valueBytes, int valueOffset,
            int valueLength, long expireAtMs) {
        int blockSize = blockSize(keyLength, valueLength);
        int slot = find(hash, keyBytes, keyOffset, keyLength);
        if (slot >= 0) {
            long previous = slots[slot];
            long address = addressOf(previous);
            ByteBuffer buffer = arena.buffer(address);
            int offset = SlabArena.offset(address);
            int oldValueLength = Block.valueLength(buffer, offset);
            if (arena.canRewrite(address, blockSize)) {
                Block.overwriteValue(buffer, offset, valueBytes, valueOffset, valueLength, expireAtMs);
            } else {
                long fresh = arena.allocate(blockSize);
                Block.write(arena.buffer(fresh), SlabArena.offset(fresh), keyBytes, keyOffset, keyLength, valueBytes,
                        valueOffset, valueLength, expireAtMs);
                arena.free(addressOf(slots[slot])); // re-read: allocating may have compacted the old block elsewhere
                address = fresh;
            }
            slots[slot] = pack(tagOf(previous), address, expireAtMs);
            keyValueBytes += valueLength - oldValueLength;
            countExpiry(previous, expireAtMs);
            return;
        }
        if (size >= MAX_ENTRIES) {
            throw new StoreFullException("a shard holds at most " + MAX_ENTRIES + " entries; use more shards");
        }
        long fresh = arena.allocate(blockSize);
        Block.write(arena.buffer(fresh), SlabArena.offset(fresh), keyBytes, keyOffset, keyLength, valueBytes,
                valueOffset, valueLength, expireAtMs);
        long tag = hash & TAG_MASK;
        slot = (int) tag & mask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = pack(tag, fresh, expireAtMs);
        keyValueBytes += (long) keyLength + valueLength;
        if (expireAtMs != Entry.NO_EXPIRY) {
            expiring++;
        }
        if (++size > (mask + 1) / 10 * 7) {
            resize((mask + 1) * 2);
        }
    }

    void put(long hash, byte[] key, byte[] value, long expireAtMs) {
        put(hash, key, 0, key.length, value, 0, value.length, expireAtMs);
    }

    /**
     * Changes the expiry of the entry in {@code slot}; while a snapshot reads the shard the block
     * is copied first, so the snapshot never sees a change.
     *
     * @throws StoreFullException when that copy does not fit; the entry is then unchanged
     */
    void setExpiry(int slot, long expireAtMs) {
        long previous = slots[slot];
        long address = addressOf(previous);
        if (arena.pinned()) {
            int blockSize = Block.sizeAt(arena.buffer(address), SlabArena.offset(address));
            long fresh = arena.allocate(blockSize);
            address = addressOf(slots[slot]);
            arena.buffer(fresh).put(SlabArena.offset(fresh), arena.buffer(address), SlabArena.offset(address),
                    blockSize);
            arena.free(address);
            address = fresh;
        }
        arena.buffer(address).putLong(SlabArena.offset(address) + Block.EXPIRY, expireAtMs);
        slots[slot] = pack(tagOf(previous), address, expireAtMs);
        countExpiry(previous, expireAtMs);
    }

    /** Removes the entry in {@code slot}, shifting later probe-chain members back into the hole. */
    void removeAt(int slot) {
        long removed = slots[slot];
        long address = addressOf(removed);
        ByteBuffer buffer = arena.buffer(address);
        int offset = SlabArena.offset(address);
        keyValueBytes -= (long) Block.keyLength(buffer, offset) + Block.valueLength(buffer, offset);
        if (removed < 0) {
            expiring--;
        }
        arena.free(address);
        size--;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (slots[next] != 0) {
            int home = (int) tagOf(slots[next]) & mask;
            // move next into the hole when its home does not lie cyclically in (hole, next]
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                slots[hole] = slots[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        slots[hole] = 0;
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
            while (slots[slot] < 0 && expiredAt(slot, nowMs)) {
                removeAt(slot);
                removed++;
            }
        }
        return removed;
    }

    /** Follows a block that compaction moved; its key is hashed to find its slot. */
    @Override
    public void relocated(long from, long to) {
        ByteBuffer buffer = arena.buffer(to);
        int offset = SlabArena.offset(to);
        int keyLength = Block.keyLength(buffer, offset);
        if (keyScratch.length < keyLength) {
            keyScratch = new byte[Math.max(keyLength, keyScratch.length * 2)];
        }
        buffer.get(offset + Block.HEADER_BYTES, keyScratch, 0, keyLength);
        long tag = KeyHash.of(keyScratch, 0, keyLength) & TAG_MASK;
        int slot = (int) tag & mask;
        while (addressOf(slots[slot]) != from) {
            if (slots[slot] == 0) {
                throw new IllegalStateException("a relocated block has no slot");
            }
            slot = (slot + 1) & mask;
        }
        slots[slot] = (slots[slot] & ~SlabArena.ADDRESS_MASK) | to;
    }

    /**
     * The slots at this instant, pinned so that the blocks they point to stay as they are until
     * {@link SlotCopy#release()}. Call under the shard's lock.
     */
    SlotCopy copySlots(Shard shard) {
        arena.pin();
        return new SlotCopy(slots.clone(), arena.buffers(), shard);
    }

    /** Unpins a released copy; under the shard's lock. */
    void unpin() {
        arena.unpin();
    }

    /** Frees the off-heap memory (at once, or when the last copy is released); under the shard's lock. */
    void close() {
        arena.close();
    }

    /** The slots of a table at one instant, whose blocks do not change until released. */
    static final class SlotCopy {
        private final long[] slots;
        private final ByteBuffer[] buffers;
        private final Shard shard;
        private boolean released;

        private SlotCopy(long[] slots, ByteBuffer[] buffers, Shard shard) {
            this.slots = slots;
            this.buffers = buffers;
            this.shard = shard;
        }

        /** Entries not expired at {@code nowMs}. */
        long liveCount(long nowMs) {
            long live = 0;
            for (long slot : slots) {
                if (slot != 0 && (slot > 0 || !isPast(expiry(slot), nowMs))) {
                    live++;
                }
            }
            return live;
        }

        /** Visits the entries not expired at {@code nowMs}, straight from off-heap memory. */
        void forEachLive(long nowMs, BlockVisitor visitor) {
            for (long slot : slots) {
                if (slot == 0) {
                    continue;
                }
                long expiry = slot > 0 ? Entry.NO_EXPIRY : expiry(slot);
                if (isPast(expiry, nowMs)) {
                    continue;
                }
                long address = addressOf(slot);
                ByteBuffer buffer = buffers[SlabArena.index(address)];
                int offset = SlabArena.offset(address);
                visitor.visit(buffer, offset + Block.HEADER_BYTES, Block.keyLength(buffer, offset),
                        Block.valueLength(buffer, offset), expiry);
            }
        }

        /** Lets the shard reuse what the copy pointed to; idempotent. */
        void release() {
            synchronized (shard) {
                if (!released) {
                    released = true;
                    shard.table.unpin();
                }
            }
        }

        private long expiry(long slot) {
            long address = addressOf(slot);
            return Block.expiry(buffers[SlabArena.index(address)], SlabArena.offset(address));
        }
    }

    private static int blockSize(int keyLength, int valueLength) {
        long size = Block.size(keyLength, valueLength);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an entry of " + ((long) keyLength + valueLength) + " bytes is too large");
        }
        return (int) size;
    }

    private static long pack(long tag, long address, long expireAtMs) {
        long packed = (tag << SlabArena.ADDRESS_BITS) | address;
        return expireAtMs == Entry.NO_EXPIRY ? packed : packed | EXPIRY_FLAG;
    }

    private static long tagOf(long slot) {
        return (slot >>> SlabArena.ADDRESS_BITS) & TAG_MASK;
    }

    private static long addressOf(long slot) {
        return slot & SlabArena.ADDRESS_MASK;
    }

    private void countExpiry(long previousSlot, long expireAtMs) {
        boolean had = previousSlot < 0;
        boolean has = expireAtMs != Entry.NO_EXPIRY;
        if (had != has) {
            expiring += has ? 1 : -1;
        }
    }

    private void allocate(int capacity) {
        slots = new long[capacity];
        mask = capacity - 1;
    }

    private void resize(int capacity) {
        if (capacity > MAX_CAPACITY) {
            return; // full at MAX_ENTRIES, refused above
        }
        long[] old = slots;
        allocate(capacity);
        for (long slot : old) {
            if (slot != 0) {
                int target = (int) tagOf(slot) & mask;
                while (slots[target] != 0) {
                    target = (target + 1) & mask;
                }
                slots[target] = slot;
            }
        }
    }
}
