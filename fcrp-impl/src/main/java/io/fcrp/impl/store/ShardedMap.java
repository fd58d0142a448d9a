package io.fcrp.impl.store;

import io.fcrp.api.Entry;
import io.fcrp.impl.protocol.KeyHash;
import java.util.function.Consumer;

/**
 * A power-of-two array of {@link Shard}s routed by key hash (spec §5.2). Every shard has its own
 * lock, so writers on different shards never contend. Reads hide expired entries and return
 * copies. A replica replaces its whole map on a snapshot: {@link #close()} frees the old one's
 * memory, and a reader that reaches a closed shard is told to look again ({@link #CLOSED}).
 */
final class ShardedMap {

    /** Returned by reads of a closed map instead of a value. */
    static final byte[] CLOSED = new byte[0];
    /** Returned by {@link #getEntry} of a closed map. */
    static final Entry CLOSED_ENTRY = new Entry(CLOSED, CLOSED, Entry.NO_EXPIRY);

    private static final int SWEEP_SLOTS_PER_STEP = 8192;

    private final Shard[] shards;

    ShardedMap(int shardCount, MemoryBudget budget) {
        KeyHash.requireShardCount(shardCount);
        shards = new Shard[shardCount];
        for (int i = 0; i < shardCount; i++) {
            shards[i] = new Shard(budget);
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

    /** The live entry, or null; a governed entry only when {@code withGovernance} (plain reads fail closed). */
    Entry getEntry(byte[] key, long nowMs, boolean withGovernance) {
        long hash = KeyHash.of(key);
        Shard shard = shards[shardIndex(hash)];
        synchronized (shard) {
            if (shard.closed) {
                return CLOSED_ENTRY;
            }
            int slot = shard.table.find(hash, key);
            if (slot < 0 || shard.table.expiredAt(slot, nowMs) || !withGovernance && shard.table.isGoverned(slot)) {
                return null;
            }
            return new Entry(
                    shard.table.keyAt(slot),
                    shard.table.valueAt(slot),
                    shard.table.expireAt(slot),
                    withGovernance ? shard.table.governanceAt(slot) : null);
        }
    }

    /** The live value of a plain entry, or null (a governed entry is hidden). */
    byte[] get(byte[] key, long nowMs) {
        long hash = KeyHash.of(key);
        Shard shard = shards[shardIndex(hash)];
        synchronized (shard) {
            if (shard.closed) {
                return CLOSED;
            }
            int slot = shard.table.find(hash, key);
            return slot < 0 || shard.table.expiredAt(slot, nowMs) || shard.table.isGoverned(slot)
                    ? null
                    : shard.table.valueAt(slot);
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

    /** Entries with governance metadata. */
    long governed() {
        long governed = 0;
        for (Shard shard : shards) {
            synchronized (shard) {
                governed += shard.table.governed();
            }
        }
        return governed;
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

    /** Off-heap bytes of live entries, headers and alignment included. */
    long liveBlockBytes() {
        long bytes = 0;
        for (Shard shard : shards) {
            synchronized (shard) {
                bytes += shard.table.liveBlockBytes();
            }
        }
        return bytes;
    }

    /**
     * Pinned copies of every shard's slots, each taken under its shard's lock (a bulk array copy),
     * or null when the map was closed meanwhile. Release every copy when done.
     */
    ShardTable.SlotCopy[] copySlots() {
        ShardTable.SlotCopy[] copies = new ShardTable.SlotCopy[shards.length];
        for (int i = 0; i < shards.length; i++) {
            Shard shard = shards[i];
            synchronized (shard) {
                if (shard.closed) {
                    release(copies);
                    return null;
                }
                copies[i] = shard.table.copySlots(shard);
            }
        }
        return copies;
    }

    static void release(ShardTable.SlotCopy[] copies) {
        for (ShardTable.SlotCopy copy : copies) {
            if (copy != null) {
                copy.release();
            }
        }
    }

    /**
     * Visits copies of the live entries, the governed ones (with their metadata) only when
     * {@code withGovernance}; false (nothing visited) when the map was closed.
     */
    boolean forEachLive(Consumer<Entry> action, long nowMs, boolean withGovernance) {
        ShardTable.SlotCopy[] copies = copySlots();
        if (copies == null) {
            return false;
        }
        try {
            for (ShardTable.SlotCopy copy : copies) {
                copy.forEachLive(nowMs, (buffer, offset, keyLength, valueLength, expireAtMs, governanceLength) -> {
                    if (governanceLength >= 0 && !withGovernance) {
                        return;
                    }
                    byte[] key = new byte[keyLength];
                    byte[] value = new byte[valueLength];
                    buffer.get(offset, key);
                    buffer.get(offset + keyLength, value);
                    byte[] governance = null;
                    if (governanceLength >= 0) {
                        governance = new byte[governanceLength];
                        buffer.get(offset + keyLength + valueLength + Integer.BYTES, governance);
                    }
                    action.accept(new Entry(key, value, expireAtMs, governance));
                });
                copy.release();
            }
        } finally {
            release(copies);
        }
        return true;
    }

    /** Removes expired entries from one slice of every shard; returns how many were removed. */
    int sweepStep(long nowMs) {
        int removed = 0;
        for (Shard shard : shards) {
            synchronized (shard) {
                if (shard.closed) {
                    return removed;
                }
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

    /** Frees every shard's memory once no copy reads it; readers of a closed shard look elsewhere. */
    void close() {
        for (Shard shard : shards) {
            synchronized (shard) {
                if (!shard.closed) {
                    shard.closed = true;
                    shard.table.close();
                }
            }
        }
    }
}
