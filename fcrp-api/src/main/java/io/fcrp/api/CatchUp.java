package io.fcrp.api;

import java.util.List;

/** The answer of a backlog to "what does a replica at these watermarks miss?". */
public final class CatchUp {

    private static final CatchUp SNAPSHOT = new CatchUp(null);

    private final List<EncodedBatch> batches;

    private CatchUp(List<EncodedBatch> batches) {
        this.batches = batches;
    }

    /** The backlog cannot prove it holds everything the replica misses. */
    public static CatchUp snapshotNeeded() {
        return SNAPSHOT;
    }

    /** The replica is served by replaying {@code batches} (possibly none) in order. */
    public static CatchUp replay(List<EncodedBatch> batches) {
        return new CatchUp(List.copyOf(batches));
    }

    public boolean needsSnapshot() {
        return batches == null;
    }

    /** The batches to replay; empty when a snapshot is needed. */
    public List<EncodedBatch> batches() {
        return batches == null ? List.of() : batches;
    }
}
