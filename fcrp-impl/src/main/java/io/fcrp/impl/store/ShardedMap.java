package io.fcrp.impl.store;

import java.util.function.Consumer;

import io.fcrp.api.Entry;
import io.fcrp.impl.protocol.KeyHash;

/**
 * A power-of-two array of {@link Shard}s routed by key hash (spec §5.2). Every shard has its own
 * lock, so writers on different shards never contend. Reads hide expired entries.
 */
final class ShardedMap {

    private static final int SWEEP_SLOTS_PER_STEP = 8192;

    private final Shard[] shards;

    ShardedMap(int shardCount) {
        KeyHash.requireShardCount(shardCount);
        shards = new Shard[shardCount];
        for (int i = 0; i < shardCount; i++) {
            shards[i] = new Shard();
        }
    }

    int shardCount() {
        return shards.length;
    }

    Shard shard(int index) {
        return shards[index];
    }

    int shardIndex(long hash) {
        return KeyHash.shard(hash, shards.length);
    }

    Entry getEntry(byte[] key, long nowMs) {
        long hash = KeyHash.of(key);
        Shard shard = shards[shardIndex(hash)];
        synchronized (shard) {
            int slot = shard.table.find(hash, key);
            if (slot < 0 || shard.table.expiredAt(slot, nowMs)) {
                return null;
            }
            return new Entry(shard.table.keyAt(slot), shard.table.valueAt(slot), shard.table.expireAt(slot));
        }
    }

    byte[] get(byte[] key, long nowMs) {
        long hash = KeyHash.of(key);
        Shard shard = shards[shardIndex(hash)];
        synchronized (shard) {
            int slot = shard.table.find(hash, key);
            return slot < 0 || shard.table.expiredAt(slot, nowMs) ? null : shard.table.valueAt(slot);
        }
    }

    long size() {
        long size = 0;
        for (Shard shard : shards) {
            synchronized (shard) {
                size += shard.table.size();
            }
        }
        return size;
    }

    long keyValueBytes() {
        long bytes = 0;
        for (Shard shard : shards) {
            synchronized (shard) {
                bytes += shard.table.keyValueBytes();
            }
        }
        return bytes;
    }

    /** Copies of every shard's slots, each taken under its shard's lock (cheap bulk array copies). */
    ShardTable.SlotCopy[] copySlots() {
        ShardTable.SlotCopy[] copies = new ShardTable.SlotCopy[shards.length];
        for (int i = 0; i < shards.length; i++) {
            copies[i] = copySlots(i);
        }
        return copies;
    }

    /** Visits live entries shard by shard; each shard is copied first so no lock is held in {@code action}. */
    void forEachLive(Consumer<Entry> action, long nowMs) {
        for (int i = 0; i < shards.length; i++) {
            copySlots(i).forEachLive(nowMs, (key, value, expire) -> action.accept(new Entry(key, value, expire)));
        }
    }

    private ShardTable.SlotCopy copySlots(int index) {
        Shard shard = shards[index];
        synchronized (shard) {
            return shard.table.copySlots();
        }
    }

    /** Removes expired entries from one slice of every shard; returns how many were removed. */
    int sweepStep(long nowMs) {
        int removed = 0;
        for (Shard shard : shards) {
            synchronized (shard) {
                int capacity = shard.table.capacity();
                if (shard.sweepCursor >= capacity) {
                    shard.sweepCursor = 0;
                }
                removed += shard.table.sweep(shard.sweepCursor, SWEEP_SLOTS_PER_STEP, nowMs);
                shard.sweepCursor += SWEEP_SLOTS_PER_STEP;
            }
        }
        return removed;
    }

}
