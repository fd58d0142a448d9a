package io.fcrp.api;

import java.util.List;

/**
 * A point-in-time copy of a store. The watermarks were captured before the entries were read,
 * so the entries reflect at least every mutation up to them (and possibly newer ones, which
 * replication re-delivers idempotently).
 */
public final class Snapshot {

    private final ShardWatermarks watermarks;
    private final List<Entry> entries;
    private final long takenAtMs;

    public Snapshot(ShardWatermarks watermarks, List<Entry> entries, long takenAtMs) {
        this.watermarks = watermarks;
        this.entries = List.copyOf(entries);
        this.takenAtMs = takenAtMs;
    }

    public ShardWatermarks watermarks() {
        return watermarks;
    }

    /** Live entries at {@link #takenAtMs()}, in no particular order. */
    public List<Entry> entries() {
        return entries;
    }

    /** Wall clock in Unix milliseconds when the snapshot was taken. */
    public long takenAtMs() {
        return takenAtMs;
    }
}
