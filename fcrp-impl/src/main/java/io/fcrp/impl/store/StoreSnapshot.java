package io.fcrp.impl.store;

import io.fcrp.api.ShardWatermarks;
import io.fcrp.api.Snapshot;

/**
 * A snapshot over pinned copies of the shard tables' slots: entries are read straight from
 * off-heap memory without any lock, and each shard is unpinned as soon as it has been visited.
 */
public final class StoreSnapshot implements Snapshot {

    private final ShardWatermarks watermarks;
    private final ShardTable.SlotCopy[] shards;
    private final long takenAtMs;
    private final long size;
    private final String origin;

    StoreSnapshot(ShardWatermarks watermarks, ShardTable.SlotCopy[] shards, long takenAtMs, String origin) {
        this.watermarks = watermarks;
        this.origin = origin;
        this.shards = shards;
        this.takenAtMs = takenAtMs;
        long live = 0;
        for (ShardTable.SlotCopy shard : shards) {
            live += shard.liveCount(takenAtMs);
        }
        this.size = live;
    }

    @Override
    public ShardWatermarks watermarks() {
        return watermarks;
    }

    /** The primary whose history a replica's entries are ({@code host:port}); null for a primary's own store. */
    public String origin() {
        return origin;
    }

    @Override
    public long takenAtMs() {
        return takenAtMs;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void forEach(EntryVisitor visitor) {
        forEachBlock((buffer, offset, keyLength, valueLength, expireAtMs, governanceLength) -> {
            byte[] key = new byte[keyLength];
            byte[] value = new byte[valueLength];
            buffer.get(offset, key);
            buffer.get(offset + keyLength, value);
            visitor.entry(key, value, expireAtMs);
        });
    }

    /** Visits every live entry without copying it; each shard is released once visited. */
    public void forEachBlock(BlockVisitor visitor) {
        for (ShardTable.SlotCopy shard : shards) {
            shard.forEachLive(takenAtMs, visitor);
            shard.release();
        }
    }

    @Override
    public void close() {
        ShardedMap.release(shards);
    }
}
