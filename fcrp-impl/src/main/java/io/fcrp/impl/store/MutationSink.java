package io.fcrp.impl.store;

import io.fcrp.api.MutationOp;

/**
 * Where a primary store hands every applied mutation, in per-shard sequence order (it calls
 * {@link #append} while holding the shard's lock).
 */
public interface MutationSink {

    void append(
            int shardId,
            long sequence,
            long timestampMs,
            MutationOp op,
            long keyHash,
            long expireAtMs,
            byte[] key,
            byte[] value);

    /**
     * Publishes what is pending of {@code shardId} and returns its highest published sequence,
     * which then covers everything the store applied to the shard (called under the shard's lock).
     */
    long publish(int shardId);
}
