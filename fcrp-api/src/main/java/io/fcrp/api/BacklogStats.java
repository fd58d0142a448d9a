package io.fcrp.api;

/** How much history a primary's backlog holds. */
public final class BacklogStats {

    private final long retainedBytes;
    private final long retainedBatches;
    private final long oldestTimestampMs;
    private final long newestTimestampMs;
    private final long trimmedBatches;

    public BacklogStats(long retainedBytes, long retainedBatches, long oldestTimestampMs, long newestTimestampMs,
            long trimmedBatches) {
        this.retainedBytes = retainedBytes;
        this.retainedBatches = retainedBatches;
        this.oldestTimestampMs = oldestTimestampMs;
        this.newestTimestampMs = newestTimestampMs;
        this.trimmedBatches = trimmedBatches;
    }

    /** Encoded frame bytes retained over all shards. */
    public long retainedBytes() {
        return retainedBytes;
    }

    public long retainedBatches() {
        return retainedBatches;
    }

    /** Timestamp of the oldest retained record, 0 when empty. */
    public long oldestTimestampMs() {
        return oldestTimestampMs;
    }

    /** Timestamp of the newest retained record, 0 when empty. */
    public long newestTimestampMs() {
        return newestTimestampMs;
    }

    /** Batches evicted to respect the byte bound since start. */
    public long trimmedBatches() {
        return trimmedBatches;
    }

    /** Seconds of history between the oldest and the newest retained record. */
    public double coveredSeconds() {
        return retainedBatches == 0 ? 0.0 : Math.max(0L, newestTimestampMs - oldestTimestampMs) / 1000.0;
    }
}
