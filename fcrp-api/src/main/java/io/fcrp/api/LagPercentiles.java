package io.fcrp.api;

/**
 * Replication lag over a sliding window (the last minute): percentiles of the lag of the batches a
 * replica applied in it, in milliseconds. A batch's lag is the time from the primary stamping its
 * newest record to the replica applying it; a heartbeat that shows the replica holds everything
 * counts as a lag of 0. With no sample in the window every figure is the replica's current
 * {@link ReplicaStatus#lagMillis()}, so a replica that receives nothing never looks healthy.
 *
 * @param p50 median lag in ms
 * @param p99 99th percentile lag in ms
 * @param p999 99.9th percentile lag in ms
 * @param max highest lag in the window in ms
 * @param samples samples in the window (applied batches and heartbeats); 0 when the figures are the current lag
 */
public record LagPercentiles(long p50, long p99, long p999, long max, long samples) {

    /** Every figure at least 0, and each percentile at most the next one and the maximum. */
    public LagPercentiles {
        Figures.requireNonNegative("p50", p50);
        Figures.requireNonNegative("samples", samples);
        if (p50 > p99 || p99 > p999 || p999 > max) {
            throw new IllegalArgumentException(
                    "lag percentiles must grow: p50 " + p50 + ", p99 " + p99 + ", p999 " + p999 + ", max " + max);
        }
    }

    /** The same value for every percentile, with no samples: a window that saw nothing. */
    public static LagPercentiles without(long lagMillis) {
        return new LagPercentiles(lagMillis, lagMillis, lagMillis, lagMillis, 0);
    }

    @Override
    public String toString() {
        return "p50=" + p50 + " p99=" + p99 + " p999=" + p999 + " max=" + max + " ms (" + samples + " samples)";
    }
}
