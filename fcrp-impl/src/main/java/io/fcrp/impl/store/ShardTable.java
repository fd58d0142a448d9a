package io.fcrp.impl.store;

import io.fcrp.api.Entry;
import io.fcrp.api.StoreFullException;
import io.fcrp.impl.protocol.KeyHash;
import java.nio.ByteBuffer;

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
    private final MemoryBudget budget;
    /** One {@code long} per slot, off the heap too, so growing the table leaves no garbage behind. */
    private ByteBuffer slots;

    private int mask;
    private int size;
    private int expiring;
    /** Entries with governance metadata. */
    private int governed;

    private long keyValueBytes;
    /** Keys of relocated blocks are hashed from here (slab blocks are at most 64 KiB). */
    private byte[] keyScratch = new byte[64];

    /** How the table's users hash a key: compaction finds a moved block's slot by hashing its key again. */
    @FunctionalInterface
    interface KeyHasher {
        long hash(byte[] bytes, int offset, int length);
    }

    private final KeyHasher hasher;

    /** A table whose keys are located by their XXH3 hash ({@link KeyHash}), as the stores do. */
    ShardTable(MemoryBudget budget) {
        this(budget, KeyHash::of);
    }

    ShardTable(MemoryBudget budget, KeyHasher hasher) {
        this.budget = budget;
        this.hasher = hasher;
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

    /** Entries with governance metadata (hidden from plain reads). */
    int governed() {
        return governed;
    }

    /** True when the entry in {@code slot} has governance metadata. */
    boolean isGoverned(int slot) {
        long address = addressOf(slot(slot));
        return Block.isGoverned(arena.buffer(address), SlabArena.offset(address));
    }

    /** A copy of the governance metadata of the entry in {@code slot}, or null. */
    byte[] governanceAt(int slot) {
        long address = addressOf(slot(slot));
        return Block.governance(arena.buffer(address), SlabArena.offset(address));
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
            long candidate = slot(slot);
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
        long address = addressOf(slot(slot));
        return Block.key(arena.buffer(address), SlabArena.offset(address));
    }

    /** A copy of the value in {@code slot}. */
    byte[] valueAt(int slot) {
        long address = addressOf(slot(slot));
        return Block.value(arena.buffer(address), SlabArena.offset(address));
    }

    long expireAt(int slot) {
        long value = slot(slot);
        if (value >= 0) {
            return Entry.NO_EXPIRY;
        }
        long address = addressOf(value);
        return Block.expiry(arena.buffer(address), SlabArena.offset(address));
    }

    /** True when the slot's entry has an expiry at or before {@code nowMs}. */
    boolean expiredAt(int slot, long nowMs) {
        return slot(slot) < 0 && isPast(expireAt(slot), nowMs);
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
    void put(
            long hash,
            byte[] keyBytes,
            int keyOffset,
            int keyLength,
            byte[] valueBytes,
            int valueOffset,
            int valueLength,
            long expireAtMs) {
        put(hash, keyBytes, keyOffset, keyLength, valueBytes, valueOffset, valueLength, expireAtMs, null, -1, 0);
    }

    /**
     * As {@link #put(long, byte[], int, int, byte[], int, int, long)}, for an entry with governance
     * metadata at {@code governanceOffset} ({@code -1}: a plain entry).
     */
    void put(
            long hash,
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
        int blockSize = blockSize(keyLength, valueLength, expireAtMs, governanceOffset < 0 ? -1 : governanceLength);
        int slot = find(hash, keyBytes, keyOffset, keyLength);
        if (slot >= 0) {
            long previous = slot(slot);
            long address = addressOf(previous);
            ByteBuffer buffer = arena.buffer(address);
            int offset = SlabArena.offset(address);
            int oldValueLength = Block.valueLength(buffer, offset);
            boolean wasGoverned = Block.isGoverned(buffer, offset);
            if (!arena.pinned() && governanceOffset < 0 && Block.fitsInPlace(buffer, offset, blockSize, expireAtMs)) {
                Block.overwriteValue(buffer, offset, valueBytes, valueOffset, valueLength, expireAtMs);
            } else {
                long fresh = arena.allocate(blockSize);
                Block.write(
                        arena.buffer(fresh),
                        SlabArena.offset(fresh),
                        keyBytes,
                        keyOffset,
                        keyLength,
                        valueBytes,
                        valueOffset,
                        valueLength,
                        expireAtMs,
                        governanceBytes,
                        governanceOffset,
                        governanceLength);
                arena.free(addressOf(slot(slot))); // re-read: allocating may have compacted the old block elsewhere
                address = fresh;
            }
            setSlot(slot, pack(tagOf(previous), address, expireAtMs));
            keyValueBytes += valueLength - oldValueLength;
            countExpiry(previous, expireAtMs);
            governed += (governanceOffset >= 0 ? 1 : 0) - (wasGoverned ? 1 : 0);
            return;
        }
        if (size >= MAX_ENTRIES) {
            throw new StoreFullException("a shard holds at most " + MAX_ENTRIES + " entries; use more shards");
        }
        if (size + 1 > (mask + 1) / 10 * 7) {
            resize((mask + 1) * 2); // first, so that a refused resize changes nothing
        }
        long fresh = arena.allocate(blockSize);
        Block.write(
                arena.buffer(fresh),
                SlabArena.offset(fresh),
                keyBytes,
                keyOffset,
                keyLength,
                valueBytes,
                valueOffset,
                valueLength,
                expireAtMs,
                governanceBytes,
                governanceOffset,
                governanceLength);
        long tag = hash & TAG_MASK;
        slot = (int) tag & mask;
        while (slot(slot) != 0) {
            slot = (slot + 1) & mask;
        }
        setSlot(slot, pack(tag, fresh, expireAtMs));
        keyValueBytes += (long) keyLength + valueLength;
        if (expireAtMs != Entry.NO_EXPIRY) {
            expiring++;
        }
        if (governanceOffset >= 0) {
            governed++;
        }
        size++;
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
        long previous = slot(slot);
        long address = addressOf(previous);
        ByteBuffer buffer = arena.buffer(address);
        int offset = SlabArena.offset(address);
        if (!arena.pinned() && Block.hasExpiry(buffer, offset) == (expireAtMs != Entry.NO_EXPIRY)) {
            if (expireAtMs != Entry.NO_EXPIRY) {
                Block.setExpiry(buffer, offset, expireAtMs);
            }
        } else {
            long fresh = arena.allocate(
                    blockSize(Block.keyLength(buffer, offset), Block.valueLength(buffer, offset), expireAtMs));
            address = addressOf(slot(slot)); // re-read: allocating may have compacted the block elsewhere
            Block.copyWithExpiry(
                    arena.buffer(address),
                    SlabArena.offset(address),
                    arena.buffer(fresh),
                    SlabArena.offset(fresh),
                    expireAtMs);
            arena.free(address);
            address = fresh;
        }
        setSlot(slot, pack(tagOf(previous), address, expireAtMs));
        countExpiry(previous, expireAtMs);
    }

    /** Removes the entry in {@code slot}, shifting later probe-chain members back into the hole. */
    void removeAt(int slot) {
        long removed = slot(slot);
        long address = addressOf(removed);
        ByteBuffer buffer = arena.buffer(address);
        int offset = SlabArena.offset(address);
        keyValueBytes -= (long) Block.keyLength(buffer, offset) + Block.valueLength(buffer, offset);
        if (removed < 0) {
            expiring--;
        }
        if (Block.isGoverned(buffer, offset)) {
            governed--;
        }
        arena.free(address);
        size--;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (slot(next) != 0) {
            int home = (int) tagOf(slot(next)) & mask;
            // move next into the hole when its home does not lie cyclically in (hole, next]
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                setSlot(hole, slot(next));
                hole = next;
            }
            next = (next + 1) & mask;
        }
        setSlot(hole, 0);
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
            while (slot(slot) < 0 && expiredAt(slot, nowMs)) {
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
        buffer.get(Block.dataOffset(buffer, offset), keyScratch, 0, keyLength);
        long tag = hasher.hash(keyScratch, 0, keyLength) & TAG_MASK;
        int slot = (int) tag & mask;
        while (addressOf(slot(slot)) != from) {
            if (slot(slot) == 0) {
                throw new IllegalStateException("a relocated block has no slot");
            }
            slot = (slot + 1) & mask;
        }
        setSlot(slot, (slot(slot) & ~SlabArena.ADDRESS_MASK) | to);
    }

    /**
     * The slots at this instant, pinned so that the blocks they point to stay as they are until
     * {@link SlotCopy#release()}. Call under the shard's lock.
     */
    SlotCopy copySlots(Shard shard) {
        ByteBuffer copy = budget.allocate(slots.capacity(), arena.liveBytes());
        copy.put(0, slots, 0, slots.capacity());
        arena.pin();
        return new SlotCopy(copy, arena.buffers(), shard, budget);
    }

    /** Unpins a released copy; under the shard's lock. */
    void unpin() {
        arena.unpin();
    }

    /** Frees the off-heap memory (at once, or when the last copy is released); under the shard's lock. */
    void close() {
        arena.close();
        if (slots != null) {
            budget.free(slots);
            slots = null;
        }
    }

    /** The slots of a table at one instant, whose blocks do not change until released. */
    static final class SlotCopy {
        private final ByteBuffer slots;
        private final ByteBuffer[] buffers;
        private final Shard shard;
        private final MemoryBudget budget;
        private boolean released;

        private SlotCopy(ByteBuffer slots, ByteBuffer[] buffers, Shard shard, MemoryBudget budget) {
            this.slots = slots;
            this.buffers = buffers;
            this.shard = shard;
            this.budget = budget;
        }

        /** Entries not expired at {@code nowMs}. */
        long liveCount(long nowMs) {
            long live = 0;
            for (int index = 0; index < slots.capacity(); index += Long.BYTES) {
                long slot = slots.getLong(index);
                if (slot != 0 && (slot > 0 || !isPast(expiry(slot), nowMs))) {
                    live++;
                }
            }
            return live;
        }

        /** Visits the entries not expired at {@code nowMs}, straight from off-heap memory. */
        void forEachLive(long nowMs, BlockVisitor visitor) {
            for (int index = 0; index < slots.capacity(); index += Long.BYTES) {
                long slot = slots.getLong(index);
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
                visitor.visit(
                        buffer,
                        Block.dataOffset(buffer, offset),
                        Block.keyLength(buffer, offset),
                        Block.valueLength(buffer, offset),
                        expiry,
                        Block.governanceLength(buffer, offset));
            }
        }

        /** Lets the shard reuse what the copy pointed to; idempotent. */
        void release() {
            synchronized (shard) {
                if (!released) {
                    released = true;
                    shard.table.unpin();
                    budget.free(slots);
                }
            }
        }

        private long expiry(long slot) {
            long address = addressOf(slot);
            return Block.expiry(buffers[SlabArena.index(address)], SlabArena.offset(address));
        }
    }

    private static int blockSize(int keyLength, int valueLength, long expireAtMs) {
        return blockSize(keyLength, valueLength, expireAtMs, -1);
    }

    private static int blockSize(int keyLength, int valueLength, long expireAtMs, int governanceLength) {
        long size = Block.size(keyLength, valueLength, expireAtMs, governanceLength);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "an entry of " + ((long) keyLength + valueLength) + " bytes is too large");
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

    private long slot(int index) {
        return slots.getLong(index << 3);
    }

    private void setSlot(int index, long value) {
        slots.putLong(index << 3, value);
    }

    private void allocate(int capacity) {
        slots = budget.allocate(capacity * Long.BYTES, arena.liveBytes());
        mask = capacity - 1;
    }

    /** @throws StoreFullException when memory cannot hold the larger table; the table is then unchanged */
    private void resize(int capacity) {
        if (capacity > MAX_CAPACITY) {
            return; // full at MAX_ENTRIES, refused before
        }
        ByteBuffer old = slots;
        allocate(capacity);
        for (int index = 0; index < old.capacity(); index += Long.BYTES) {
            long slot = old.getLong(index);
            if (slot != 0) {
                int target = (int) tagOf(slot) & mask;
                while (slot(target) != 0) {
                    target = (target + 1) & mask;
                }
                setSlot(target, slot);
            }
        }
        budget.free(old);
    }
}
