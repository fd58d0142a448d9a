package io.fcrp.impl.store;

import io.fcrp.api.Entry;
import io.fcrp.api.KeyValueStore;
import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.api.SnapshotStats;
import io.fcrp.api.StoreFullException;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.KeyHash;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;

/**
 * A primary's sharded in-memory store, its keys and values off the Java heap. Every write takes a
 * per-shard sequence and is handed to the {@link MutationSink} under the shard's lock, so the
 * replicated order is the applied order; a write that memory cannot hold is refused with a
 * {@link StoreFullException} before anything changes or is replicated. A Set whose expiry has
 * already passed is applied and replicated as a Del, which every replica (including the
 * reference, which would ignore such a Set) applies the same way.
 */
public final class EmbeddedStore extends MapBackedView implements KeyValueStore, SnapshotProvider, AutoCloseable {

    private static final byte[] EMPTY = new byte[0];
    /**
     * The most key and value bytes one entry may have: its record and its snapshot entry must fit
     * a frame (256 MiB) with room for the other fields of the frame.
     */
    public static final int MAX_ENTRY_BYTES = FrameHeader.MAX_PAYLOAD - 1024 * 1024;

    private final ShardedMap map;
    private final long[] sequences;
    private final MutationSink sink;
    private final ExpirySweeper sweeper;
    private final AtomicLong snapshotsTaken = new AtomicLong();
    private volatile SnapshotStats lastSnapshot = new SnapshotStats(0, 0, 0, 0, 0);

    /**
     * @param sequenceBase the sequence every shard starts from (its first mutation gets base + 1);
     *        see {@link #timeDerivedSequenceBase(long)}
     */
    public EmbeddedStore(String name, int shardCount, long sequenceBase, MutationSink sink, LongSupplier clock) {
        this(name, shardCount, sequenceBase, sink, clock, MemoryBudget.unlimited(name));
    }

    /** A store whose off-heap memory is limited by {@code budget}. */
    public EmbeddedStore(
            String name,
            int shardCount,
            long sequenceBase,
            MutationSink sink,
            LongSupplier clock,
            MemoryBudget budget) {
        this(name, LongStream.generate(() -> sequenceBase).limit(shardCount).toArray(), sink, clock, budget);
    }

    /**
     * A store with one sequence base per shard (a primary reloaded from its persistence file
     * continues each shard's sequence), limited by {@code budget}.
     */
    public EmbeddedStore(
            String name, long[] sequenceBases, MutationSink sink, LongSupplier clock, MemoryBudget budget) {
        super(clock, budget);
        this.map = new ShardedMap(sequenceBases.length, budget);
        this.sequences = sequenceBases.clone();
        this.sink = sink;
        this.sweeper = new ExpirySweeper(name, () -> map, clock);
    }

    /**
     * A sequence base derived from the clock ({@code epochMillis << 20}), so that a restarted
     * primary never offers sequences that seem to continue a replica's old watermarks.
     */
    public static long timeDerivedSequenceBase(long epochMillis) {
        return epochMillis << 20;
    }

    @Override
    ShardedMap map() {
        return map;
    }

    public int shardCount() {
        return map.shardCount();
    }

    @Override
    public void set(byte[] key, byte[] value) {
        set(key, value, Entry.NO_EXPIRY);
    }

    @Override
    public void set(byte[] key, byte[] value, long expireAtMs) {
        if ((long) key.length + value.length > MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("an entry of " + ((long) key.length + value.length)
                    + " key and value bytes exceeds the " + MAX_ENTRY_BYTES + " a replicated entry may have");
        }
        long now = now();
        if (ShardTable.isPast(expireAtMs, now)) {
            delete(key);
            return;
        }
        long hash = KeyHash.of(key);
        int index = map.shardIndex(hash);
        Shard shard = map.shard(index);
        synchronized (shard) {
            shard.table.put(hash, key, value, expireAtMs);
            sink.append(index, ++sequences[index], now, MutationOp.SET, hash, expireAtMs, key, value);
        }
    }

    @Override
    public boolean delete(byte[] key) {
        long now = now();
        long hash = KeyHash.of(key);
        int index = map.shardIndex(hash);
        Shard shard = map.shard(index);
        synchronized (shard) {
            int slot = shard.table.find(hash, key);
            if (slot < 0) {
                return false;
            }
            boolean live = !shard.table.expiredAt(slot, now);
            shard.table.removeAt(slot);
            sink.append(index, ++sequences[index], now, MutationOp.DEL, hash, Entry.NO_EXPIRY, key, EMPTY);
            return live;
        }
    }

    @Override
    public boolean expireAt(byte[] key, long expireAtMs) {
        long now = now();
        if (ShardTable.isPast(expireAtMs, now)) {
            return delete(key);
        }
        long hash = KeyHash.of(key);
        int index = map.shardIndex(hash);
        Shard shard = map.shard(index);
        synchronized (shard) {
            int slot = shard.table.find(hash, key);
            if (slot < 0) {
                return false;
            }
            if (shard.table.expiredAt(slot, now)) {
                return false; // absent: the sweeper removes it, no replica must revive it
            }
            shard.table.setExpiry(slot, expireAtMs);
            sink.append(index, ++sequences[index], now, MutationOp.EXPIRE, hash, expireAtMs, key, EMPTY);
            return true;
        }
    }

    /**
     * Adds an entry read from a persistence file, without a sequence and without replicating it:
     * only while the store is being loaded, before anything writes to it or serves it.
     *
     * @throws StoreFullException when memory cannot hold it
     * @throws IllegalArgumentException for an entry with governance metadata, which v1 cannot serve
     */
    public void load(
            byte[] bytes,
            int keyOffset,
            int keyLength,
            int valueOffset,
            int valueLength,
            long expireAtMs,
            int governanceOffset,
            int governanceLength) {
        if (governanceOffset >= 0) {
            throw new IllegalArgumentException("the file holds an entry with governance metadata (a shardmap 0.6+ "
                    + "replica's file?), which an FCRP v1 primary cannot serve");
        }
        if (ShardTable.isPast(expireAtMs, now())) {
            return;
        }
        long hash = KeyHash.of(bytes, keyOffset, keyLength);
        Shard shard = map.shard(map.shardIndex(hash));
        synchronized (shard) {
            shard.table.put(hash, bytes, keyOffset, keyLength, bytes, valueOffset, valueLength, expireAtMs);
        }
    }

    /**
     * An exact snapshot: under each shard's lock in turn, what is pending of the shard is
     * published and its slots are copied (bulk array copies, so writers wait microseconds), so
     * each shard's entries are exactly its state at its watermark. Entries are read from off-heap
     * memory afterwards, which stays as it is until the snapshot releases each shard.
     */
    @Override
    public StoreSnapshot snapshot() {
        long now = now();
        int shards = map.shardCount();
        long[] watermarks = new long[shards];
        ShardTable.SlotCopy[] copies = new ShardTable.SlotCopy[shards];
        for (int index = 0; index < shards; index++) {
            Shard shard = map.shard(index);
            synchronized (shard) {
                if (shard.closed) {
                    ShardedMap.release(copies);
                    throw new IllegalStateException("the store is closed");
                }
                watermarks[index] = sink.publish(index);
                copies[index] = shard.table.copySlots(shard);
            }
        }
        StoreSnapshot snapshot = new StoreSnapshot(ShardWatermarks.of(watermarks), copies, now, null);
        lastSnapshot =
                new SnapshotStats(0, snapshotsTaken.incrementAndGet(), now, snapshot.size(), map.keyValueBytes());
        return snapshot;
    }

    @Override
    public SnapshotStats stats() {
        SnapshotStats last = lastSnapshot;
        return new SnapshotStats(
                size(),
                last.snapshotsTaken(),
                last.lastSnapshotAtMs(),
                last.lastSnapshotEntries(),
                last.lastSnapshotBytes());
    }

    /** Stops the expiry sweeper and frees the off-heap memory (once open snapshots are released). */
    @Override
    public void close() {
        sweeper.close();
        map.close();
    }
}
