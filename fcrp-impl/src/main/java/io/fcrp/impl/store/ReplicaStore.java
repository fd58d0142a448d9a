package io.fcrp.impl.store;

import java.util.Arrays;
import java.util.function.LongSupplier;

import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.RecordView;

/**
 * A replica's store, its keys and values off the Java heap: readable by any thread, written by
 * one applier thread. It de-duplicates by the primary's per-shard sequences (spec §5.3) and
 * replaces its whole content from a snapshot atomically, so readers see either the old data or
 * the new, never a mix; the old data's memory is freed once no reader uses it.
 */
public final class ReplicaStore extends MapBackedView implements AutoCloseable {

    /** Shard ids at or above this are refused (spec §12 Q16). */
    public static final int MAX_PRIMARY_SHARDS = 65536;

    private final String name;
    private final int localShards;
    private volatile ShardedMap map;
    private final ExpirySweeper sweeper;
    /** Applied watermarks per primary shard; written only by the applier thread. */
    private long[] watermarks = new long[1];
    private volatile ShardWatermarks publishedWatermarks = ShardWatermarks.zeros(1);

    public ReplicaStore(String name, int localShards, LongSupplier clock) {
        this(name, localShards, clock, MemoryBudget.unlimited(name));
    }

    /** A store whose off-heap memory, a snapshot being loaded included, is limited by {@code budget}. */
    public ReplicaStore(String name, int localShards, LongSupplier clock, MemoryBudget budget) {
        super(clock, budget);
        this.name = name;
        this.localShards = KeyHash.requireShardCount(localShards);
        this.map = new ShardedMap(localShards, budget);
        this.sweeper = new ExpirySweeper(name, () -> map, clock);
    }

    /** The applied watermarks as of the last {@link #publishWatermarks()}. */
    public ShardWatermarks watermarks() {
        return publishedWatermarks;
    }

    /** Makes the applied watermarks visible to other threads (call after each batch). */
    public void publishWatermarks() {
        publishedWatermarks = ShardWatermarks.of(watermarks);
    }

    /** True when {@code sequence} is the one right after the last applied of {@code shardId}. */
    public boolean continues(int shardId, long sequence) {
        return sequence - 1 == (shardId < watermarks.length ? watermarks[shardId] : 0L);
    }

    /** True when {@code sequence} of {@code shardId} was already applied. */
    public boolean isDuplicate(int shardId, long sequence) {
        return shardId < watermarks.length && Long.compareUnsigned(sequence, watermarks[shardId]) <= 0;
    }

    /**
     * Applies one record unless it is a duplicate; returns false when skipped. The key hash has
     * been checked by the caller; {@code now} is the applier's clock reading for the batch. A Set
     * whose expiry has passed removes the key (the reference would keep the older value; removing
     * matches what the primary shows); an expired entry is absent, so an Expire of it removes it
     * instead of reviving it.
     *
     * @throws io.fcrp.api.StoreFullException when memory cannot hold a Set; nothing is applied
     */
    public boolean apply(RecordView record, long now) {
        int shardId = record.shardId();
        long sequence = record.sequence();
        if (isDuplicate(shardId, sequence)) {
            return false;
        }
        ShardedMap current = map;
        long keyHash = record.keyHash();
        long expireAtMs = record.expireAtMs();
        byte[] bytes = record.bytes();
        Shard shard = current.shard(current.shardIndex(keyHash));
        synchronized (shard) {
            if (record.op() == MutationOp.SET && !ShardTable.isPast(expireAtMs, now)) {
                shard.table.put(keyHash, bytes, record.keyOffset(), record.keyLength(), bytes, record.valueOffset(),
                        record.valueLength(), expireAtMs, bytes, record.governed() ? record.governanceOffset() : -1,
                        record.governanceLength());
            } else {
                int slot = shard.table.find(keyHash, bytes, record.keyOffset(), record.keyLength());
                if (slot >= 0 && record.op() == MutationOp.EXPIRE && !ShardTable.isPast(expireAtMs, now)
                        && !shard.table.expiredAt(slot, now)) {
                    shard.table.setExpiry(slot, expireAtMs);
                } else if (slot >= 0) {
                    shard.table.removeAt(slot); // Del, an expiry in the past, or an entry already expired
                }
            }
        }
        advance(shardId, sequence);
        return true;
    }

    /**
     * A store-to-be, filled from snapshot chunks while the current data stays readable; its
     * memory counts against the store's budget. Commit it or discard it.
     */
    public final class Staging implements AutoCloseable {
        private final ShardedMap staged = new ShardedMap(localShards, budget());
        private final long nowMs = now();
        private boolean committed;

        /**
         * Adds one snapshot entry (copied off the heap), with its governance metadata when
         * {@code governanceOffset >= 0}; entries already expired are dropped.
         *
         * @throws io.fcrp.api.StoreFullException when memory cannot hold it
         */
        public void add(byte[] bytes, int keyOffset, int keyLength, int valueOffset, int valueLength, long expireAtMs,
                int governanceOffset, int governanceLength) {
            if (ShardTable.isPast(expireAtMs, nowMs)) {
                return;
            }
            long hash = KeyHash.of(bytes, keyOffset, keyLength);
            // no lock: only the applier thread sees the staged map until commit publishes it
            staged.shard(staged.shardIndex(hash)).table.put(hash, bytes, keyOffset, keyLength, bytes, valueOffset,
                    valueLength, expireAtMs, bytes, governanceOffset, governanceLength);
        }

        /** Replaces the whole store with the staged entries and the watermarks with {@code snapshotWatermarks}. */
        public void commit(ShardWatermarks snapshotWatermarks) {
            committed = true;
            replace(staged, snapshotWatermarks.toArray());
        }

        /** Frees what was staged unless it was committed. */
        @Override
        public void close() {
            if (!committed) {
                staged.close();
            }
        }
    }

    public Staging stage() {
        return new Staging();
    }

    /** Discards every entry and watermark. */
    public void clear() {
        replace(new ShardedMap(localShards, budget()), new long[1]);
    }
    @Override
    ShardedMap map() {
        return map;
    }

    public String name() {
        return name;
    }


    /** Stops the sweeper and frees the off-heap memory (once readers are done with it). */
    @Override
    public void close() {
        sweeper.close();
        map.close();
    }

    private void replace(ShardedMap next, long[] nextWatermarks) {
        ShardedMap previous = map;
        map = next;
        previous.close();
        watermarks = nextWatermarks.length == 0 ? new long[1] : nextWatermarks;
        publishWatermarks();
    }

    private void advance(int shardId, long sequence) {
        if (shardId >= watermarks.length) {
            watermarks = Arrays.copyOf(watermarks, shardId + 1);
        }
        watermarks[shardId] = sequence;
    }

}
