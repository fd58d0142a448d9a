package io.fcrp.impl.store;

import io.fcrp.api.ShardWatermarks;
import io.fcrp.api.Snapshot;

/** A snapshot over copies of the shard tables' slots, visited without any lock. */
final class StoreSnapshot implements Snapshot {

    private final ShardWatermarks watermarks;
    private final ShardTable.SlotCopy[] shards;
    private final long takenAtMs;
    private final long size;

    StoreSnapshot(ShardWatermarks watermarks, ShardTable.SlotCopy[] shards, long takenAtMs) {
        this.watermarks = watermarks;
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
        for (ShardTable.SlotCopy shard : shards) {
            shard.forEachLive(takenAtMs, visitor::entry);
        }
    }
}
