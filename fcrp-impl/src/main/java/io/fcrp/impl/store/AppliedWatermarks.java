package io.fcrp.impl.store;

import io.fcrp.api.ShardWatermarks;
import java.util.Arrays;

/**
 * The last applied sequence per primary shard, growing as shards appear: what de-duplicates
 * records (spec §5.3) and tells whether one continues its shard. Used by one applier thread.
 */
final class AppliedWatermarks {

    private long[] sequences;

    AppliedWatermarks(long[] initial) {
        sequences = initial.length == 0 ? new long[1] : initial.clone();
    }

    boolean isDuplicate(int shardId, long sequence) {
        return shardId < sequences.length && Long.compareUnsigned(sequence, sequences[shardId]) <= 0;
    }

    boolean continues(int shardId, long sequence) {
        return sequence - 1 == (shardId < sequences.length ? sequences[shardId] : 0L);
    }

    void advance(int shardId, long sequence) {
        if (shardId >= sequences.length) {
            sequences = Arrays.copyOf(sequences, shardId + 1);
        }
        sequences[shardId] = sequence;
    }

    ShardWatermarks snapshot() {
        return ShardWatermarks.of(sequences);
    }
}
