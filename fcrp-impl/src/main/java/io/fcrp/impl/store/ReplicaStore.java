package io.fcrp.impl.store;

import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.RecordView;
import java.util.function.LongSupplier;

/**
 * A replica's store, its keys and values off the Java heap: readable by any thread, written by
 * one applier thread. It de-duplicates by the primary's per-shard sequences (spec §5.3) and
 * replaces its whole content from a snapshot atomically, so readers see either the old data or
 * the new, never a mix; the old data's memory is freed once no reader uses it.
 */
public final class ReplicaStore extends MapBackedView implements SequencedStore, AutoCloseable {

    /** Shard ids at or above this are refused (spec §12 Q16). */
    public static final int MAX_PRIMARY_SHARDS = 65536;

    private final String name;
    private final int localShards;
    private volatile ShardedMap map;
    private final ExpirySweeper sweeper;
    /** Written only by the applier thread. */
    private AppliedWatermarks applied = new AppliedWatermarks(new long[1]);

    private volatile ShardWatermarks publishedWatermarks = ShardWatermarks.zeros(1);
    /** The primary ({@code host:port}) whose history the data and watermarks are; null while never filled. */
    private volatile String origin;

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

    /**
     * A store with {@code localShards} holding a copy of {@code source}'s entries, watermarks and
     * origin (a changed local shard count); {@code source} is left as it was.
     */
    public static ReplicaStore copyOf(ReplicaStore source, int localShards, LongSupplier clock, MemoryBudget budget) {
        ReplicaStore copy = new ReplicaStore(source.name, localShards, clock, budget);
        try (StoreSnapshot snapshot = source.snapshot();
                Staging staging = copy.stage()) {
            snapshot.forEachBlock((buffer, offset, keyLength, valueLength, expireAtMs, governanceLength) -> {
                boolean governed = governanceLength >= 0;
                byte[] entry = new byte[keyLength + valueLength + (governed ? Integer.BYTES + governanceLength : 0)];
                buffer.get(offset, entry); // key, value, then a governed entry's u32 length and metadata
                staging.add(
                        entry,
                        0,
                        keyLength,
                        keyLength,
                        valueLength,
                        expireAtMs,
                        governed ? keyLength + valueLength + Integer.BYTES : -1,
                        Math.max(governanceLength, 0));
            });
            staging.commit(snapshot.watermarks(), snapshot.origin());
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
        return copy;
    }

    @Override
    public ShardWatermarks watermarks() {
        return publishedWatermarks;
    }

    @Override
    public void publishWatermarks() {
        publishedWatermarks = applied.snapshot();
    }

    @Override
    public boolean continues(int shardId, long sequence) {
        return applied.continues(shardId, sequence);
    }

    @Override
    public boolean isDuplicate(int shardId, long sequence) {
        return applied.isDuplicate(shardId, sequence);
    }

    /**
     * {@inheritDoc} A Set whose expiry has passed removes the key (the reference would keep the
     * older value; removing matches what the primary shows); an expired entry is absent, so an
     * Expire of it removes it instead of reviving it.
     */
    @Override
    public boolean apply(RecordView record, long now) {
        if (isDuplicate(record.shardId(), record.sequence())) {
            return false;
        }
        applyTo(map, record, now);
        applied.advance(record.shardId(), record.sequence());
        return true;
    }

    private static void applyTo(ShardedMap target, RecordView record, long now) {
        long keyHash = record.keyHash();
        long expireAtMs = record.expireAtMs();
        byte[] bytes = record.bytes();
        Shard shard = target.shard(target.shardIndex(keyHash));
        synchronized (shard) {
            if (record.op() == MutationOp.SET && !ShardTable.isPast(expireAtMs, now)) {
                shard.table.put(
                        keyHash,
                        bytes,
                        record.keyOffset(),
                        record.keyLength(),
                        bytes,
                        record.valueOffset(),
                        record.valueLength(),
                        expireAtMs,
                        bytes,
                        record.governed() ? record.governanceOffset() : -1,
                        record.governanceLength());
            } else {
                int slot = shard.table.find(keyHash, bytes, record.keyOffset(), record.keyLength());
                if (slot >= 0
                        && record.op() == MutationOp.EXPIRE
                        && !ShardTable.isPast(expireAtMs, now)
                        && !shard.table.expiredAt(slot, now)) {
                    shard.table.setExpiry(slot, expireAtMs);
                } else if (slot >= 0) {
                    shard.table.removeAt(slot); // Del, an expiry in the past, or an entry already expired
                }
            }
        }
    }

    /** The primary ({@code host:port}) whose history the data and watermarks are; null while never filled. */
    public String origin() {
        return origin;
    }

    /** Records that the data continues {@code upstream}'s history (a session resuming from its watermarks). */
    public void continueFrom(String upstream) {
        origin = upstream;
    }

    /**
     * A store-to-be, filled from snapshot entries or, in a fresh bootstrap, from records, while
     * the current data stays readable; its memory counts against the store's budget. Commit it
     * or discard it. Only the applier thread uses it.
     */
    public final class Staging implements SequencedStore, AutoCloseable {
        private final ShardedMap staged = new ShardedMap(localShards, budget());
        private final AppliedWatermarks stagedApplied = new AppliedWatermarks(new long[1]);
        private ShardWatermarks stagedPublished = ShardWatermarks.zeros(1);
        private final long nowMs = now();
        private boolean committed;

        /**
         * Adds one snapshot entry (copied off the heap), with its governance metadata when
         * {@code governanceOffset >= 0}; entries already expired are dropped.
         *
         * @throws io.fcrp.api.StoreFullException when memory cannot hold it
         */
        public void add(
                byte[] bytes,
                int keyOffset,
                int keyLength,
                int valueOffset,
                int valueLength,
                long expireAtMs,
                int governanceOffset,
                int governanceLength) {
            if (ShardTable.isPast(expireAtMs, nowMs)) {
                return;
            }
            long hash = KeyHash.of(bytes, keyOffset, keyLength);
            // no lock: only the applier thread sees the staged map until commit publishes it
            staged.shard(staged.shardIndex(hash))
                    .table
                    .put(
                            hash,
                            bytes,
                            keyOffset,
                            keyLength,
                            bytes,
                            valueOffset,
                            valueLength,
                            expireAtMs,
                            bytes,
                            governanceOffset,
                            governanceLength);
        }

        @Override
        public boolean isDuplicate(int shardId, long sequence) {
            return stagedApplied.isDuplicate(shardId, sequence);
        }

        @Override
        public boolean continues(int shardId, long sequence) {
            return stagedApplied.continues(shardId, sequence);
        }

        @Override
        public boolean apply(RecordView record, long now) {
            if (isDuplicate(record.shardId(), record.sequence())) {
                return false;
            }
            applyTo(staged, record, now);
            stagedApplied.advance(record.shardId(), record.sequence());
            return true;
        }

        @Override
        public void publishWatermarks() {
            stagedPublished = stagedApplied.snapshot();
        }

        @Override
        public ShardWatermarks watermarks() {
            return stagedPublished;
        }

        /** Entries staged so far. */
        public long size() {
            return staged.size();
        }

        /**
         * Replaces the whole store with the staged entries, the watermarks with
         * {@code snapshotWatermarks} and the origin with {@code upstream}.
         */
        public void commit(ShardWatermarks snapshotWatermarks, String upstream) {
            committed = true;
            replace(staged, snapshotWatermarks.toArray(), upstream);
        }

        /** Replaces the whole store with the records applied to the staging and their watermarks. */
        public void commit(String upstream) {
            commit(stagedApplied.snapshot(), upstream);
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

    /**
     * The entries, watermarks and origin at one instant (for a persistence file), without
     * stopping the applier: the watermarks are read first, so the entries hold at least what
     * they cover, possibly a few later records, which a resume from the watermarks re-applies in
     * order to the same result. Never a mix with a replaced store: a snapshot commit waits.
     */
    public synchronized StoreSnapshot snapshot() {
        ShardWatermarks watermarks = publishedWatermarks;
        ShardTable.SlotCopy[] copies = map.copySlots();
        if (copies == null) {
            throw new IllegalStateException("replica store " + name + " is closed");
        }
        return new StoreSnapshot(watermarks, copies, now(), origin);
    }

    @Override
    ShardedMap map() {
        return map;
    }

    public String name() {
        return name;
    }

    public int localShards() {
        return localShards;
    }

    /** Stops the sweeper and frees the off-heap memory (once readers are done with it). */
    @Override
    public void close() {
        sweeper.close();
        map.close();
    }

    private synchronized void replace(ShardedMap next, long[] nextWatermarks, String nextOrigin) {
        ShardedMap previous = map;
        map = next;
        previous.close();
        applied = new AppliedWatermarks(nextWatermarks);
        origin = nextOrigin;
        publishWatermarks();
    }
}
