package io.fcrp.api;

/**
 * Replication lag over a sliding window (the last minute): percentiles of the lag of the batches a
 * replica applied in it, in milliseconds. A batch's lag is the time from the primary stamping its
 * newest record to the replica applying it; a heartbeat that shows the replica holds everything
 * counts as a lag of 0. With no sample in the window every figure is the replica's current
 * {@link ReplicaStatus#lagMillis()}, so a replica that receives nothing never looks healthy.
 */
public final class LagPercentiles {

    private final long p50;
    private final long p99;
    private final long p999;
    private final long max;
    private final long samples;

    public LagPercentiles(long p50, long p99, long p999, long max, long samples) {
        this.p50 = p50;
        this.p99 = p99;
        this.p999 = p999;
        this.max = max;
        this.samples = samples;
    }

    /** The same value for every percentile, with no samples: a window that saw nothing. */
    public static LagPercentiles without(long lagMillis) {
        return new LagPercentiles(lagMillis, lagMillis, lagMillis, lagMillis, 0);
    }

    /** Median lag in ms. */
    public long p50() {
        return p50;
    }

    /** 99th percentile lag in ms. */
    public long p99() {
        return p99;
    }

    /** 99.9th percentile lag in ms. */
    public long p999() {
        return p999;
    }

    /** Highest lag in the window in ms. */
    public long max() {
        return max;
    }

    /** Samples in the window (applied batches and heartbeats); 0 when the figures are the current lag. */
    public long samples() {
        return samples;
    }

    @Override
    public String toString() {
        return "p50=" + p50 + " p99=" + p99 + " p999=" + p999 + " max=" + max + " ms (" + samples + " samples)";
    }
}
