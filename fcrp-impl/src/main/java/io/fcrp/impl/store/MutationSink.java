package io.fcrp.impl.store;

import io.fcrp.api.MutationOp;
import io.fcrp.api.ShardWatermarks;

/**
 * Where a primary store hands every applied mutation, in per-shard sequence order (it calls
 * {@link #append} while holding the shard's lock).
 */
public interface MutationSink {

    void append(int shardId, long sequence, long timestampMs, MutationOp op, long keyHash, long expireAtMs,
            byte[] key, byte[] value);

    /** Highest sequence per shard already published; never above what the store has applied. */
    ShardWatermarks publishedWatermarks();
}
