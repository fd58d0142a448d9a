package io.fcrp.impl.primary;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.fcrp.api.BacklogStats;
import io.fcrp.api.CatchUp;
import io.fcrp.api.EncodedBatch;
import io.fcrp.api.ShardWatermarks;

/**
 * Per-shard FIFO of recently published batches, bounded in encoded bytes per shard (spec §7).
 * It only replays ranges that provably continue a replica's watermark: everything after
 * {@code since} must still be retained. With a time-derived sequence base, a new replica (0) or one
 * of an earlier primary process is below the retained range and gets a snapshot; so does a replica
 * ahead of the primary (a primary restart), which the reference would silently leave stale.
 */
final class Backlog {

    private final ShardLog[] shards;
    private volatile long limitBytes;

    Backlog(int shardCount, long sequenceBase, long limitBytes) {
        this.limitBytes = limitBytes;
        shards = new ShardLog[shardCount];
        for (int i = 0; i < shardCount; i++) {
            shards[i] = new ShardLog(sequenceBase);
        }
    }

    /** A new per-shard bound, enforced from the next push on. */
    void limitBytes(long bytes) {
        limitBytes = bytes;
    }

    /** Retains a batch of its shard, evicting the oldest while the shard is over its bound. */
    void push(EncodedBatch batch) {
        ShardLog log = shards[batch.shardId()];
        synchronized (log) {
            log.frames.addLast(batch);
            log.bytes += batch.frame().length;
            log.highest = batch.lastSequence();
            while (log.bytes > limitBytes && !log.frames.isEmpty()) {
                EncodedBatch evicted = log.frames.removeFirst();
                log.bytes -= evicted.frame().length;
                log.floor = evicted.lastSequence();
                log.evictions++;
            }
        }
    }

    /**
     * What a replica at {@code since} misses. The backlog's own highest pushed sequence is the
     * reference (a batch is pushed here before the primary's watermark moves).
     */
    CatchUp catchUp(ShardWatermarks since) {
        List<EncodedBatch> replay = new ArrayList<>();
        for (int shard = 0; shard < shards.length; shard++) {
            long have = since.get(shard);
            ShardLog log = shards[shard];
            synchronized (log) {
                if (have == log.highest) {
                    continue;
                }
                if (Long.compareUnsigned(have, log.highest) > 0 || Long.compareUnsigned(have, log.floor) < 0) {
                    return CatchUp.snapshotNeeded();
                }
                for (EncodedBatch batch : log.frames) {
                    if (Long.compareUnsigned(batch.lastSequence(), have) > 0) {
                        replay.add(batch);
                    }
                }
            }
        }
        return CatchUp.replay(replay);
    }

    BacklogStats stats() {
        long bytes = 0;
        long batches = 0;
        long oldest = Long.MAX_VALUE;
        long newest = 0;
        long evictions = 0;
        for (ShardLog log : shards) {
            synchronized (log) {
                bytes += log.bytes;
                batches += log.frames.size();
                evictions += log.evictions;
                if (!log.frames.isEmpty()) {
                    oldest = Math.min(oldest, log.frames.peekFirst().lastTimestampMs());
                    newest = Math.max(newest, log.frames.peekLast().lastTimestampMs());
                }
            }
        }
        return new BacklogStats(bytes, batches, batches == 0 ? 0 : oldest, newest, evictions);
    }

    private static final class ShardLog {
        final ArrayDeque<EncodedBatch> frames = new ArrayDeque<>();
        long bytes;
        /** Every sequence above this is retained (the last evicted sequence, or the start base). */
        long floor;
        /** The last sequence ever pushed, retained or not. */
        long highest;
        long evictions;

        ShardLog(long sequenceBase) {
            floor = sequenceBase;
            highest = sequenceBase;
        }
    }
}
