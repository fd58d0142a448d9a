package io.fcrp.api;

/**
 * How much history a primary's backlog holds.
 *
 * @param retainedBytes encoded frame bytes retained over all shards
 * @param retainedBatches batches retained over all shards
 * @param oldestTimestampMs timestamp of the oldest retained record, 0 when empty
 * @param newestTimestampMs timestamp of the newest retained record, 0 when empty
 * @param trimmedBatches batches evicted to respect the byte bound since start
 */
public record BacklogStats(
        long retainedBytes, long retainedBatches, long oldestTimestampMs, long newestTimestampMs, long trimmedBatches) {

    private static final BacklogStats EMPTY = new BacklogStats(0, 0, 0, 0, 0);

    public BacklogStats {
        Figures.requireNonNegative("retainedBytes", retainedBytes);
        Figures.requireNonNegative("retainedBatches", retainedBatches);
        Figures.requireNonNegative("trimmedBatches", trimmedBatches);
    }

    /** No backlog: nothing retained, nothing trimmed. */
    public static BacklogStats empty() {
        return EMPTY;
    }

    /** Seconds of history between the oldest and the newest retained record. */
    public double coveredSeconds() {
        return retainedBatches == 0 ? 0.0 : Math.max(0L, newestTimestampMs - oldestTimestampMs) / 1000.0;
    }
}
