package io.fcrp.impl.primary;

import io.fcrp.api.BacklogStats;

/**
 * The published frames of every shard (spec §7), one off-heap {@link ShardLog} per shard, bounded
 * per shard in encoded bytes. Replica sessions read from it with {@link Subscription}s, both to
 * catch up and to follow the live stream. It only replays ranges that provably continue a
 * replica's watermark: with a time-derived sequence base, a new replica (0) or one of an earlier
 * primary process is below the retained range and gets a snapshot; so does a replica ahead of the
 * primary (a primary restart), which the reference would silently leave stale.
 */
final class Backlog implements AutoCloseable {

    private final ShardLog[] logs;
    private volatile long limitBytes;

    /** @param sequenceBases the last sequence of each shard before its first frame */
    Backlog(long[] sequenceBases, long limitBytes) {
        this.limitBytes = limitBytes;
        logs = new ShardLog[sequenceBases.length];
        for (int shard = 0; shard < sequenceBases.length; shard++) {
            logs[shard] = new ShardLog(shard, sequenceBases[shard]);
        }
    }

    int shardCount() {
        return logs.length;
    }

    ShardLog log(int shard) {
        return logs[shard];
    }

    /** A new per-shard bound, enforced from the next push on. */
    void limitBytes(long bytes) {
        limitBytes = bytes;
    }

    /** Retains a frame of {@code shard}; false when memory could not hold it (see {@link ShardLog#push}). */
    boolean push(int shard, byte[] frame, int length, long lastSequence, long timestampMs, ShardLog.Readers readers) {
        return logs[shard].push(frame, length, lastSequence, timestampMs, limitBytes, readers);
    }

    BacklogStats stats() {
        long bytes = 0;
        long batches = 0;
        long oldest = Long.MAX_VALUE;
        long newest = 0;
        long evictions = 0;
        for (ShardLog log : logs) {
            synchronized (log) {
                bytes += log.retainedBytesLocked();
                long frames = log.retainedFrames();
                batches += frames;
                evictions += log.evictions();
                if (frames > 0) {
                    oldest = Math.min(oldest, log.oldestTimestamp());
                    newest = Math.max(newest, log.newestTimestamp());
                }
            }
        }
        return new BacklogStats(bytes, batches, batches == 0 ? 0 : oldest, newest, evictions);
    }

    /** Frees the off-heap rings. */
    @Override
    public void close() {
        for (ShardLog log : logs) {
            log.close();
        }
    }
}
