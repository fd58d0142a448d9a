package io.fcrp.api;

/** What a {@link SnapshotProvider} has done so far. */
public final class SnapshotStats {

    private final long entryCount;
    private final long snapshotsTaken;
    private final long lastSnapshotAtMs;
    private final long lastSnapshotEntries;
    private final long lastSnapshotBytes;

    /**
     * @param entryCount entries currently held by the store
     * @param snapshotsTaken snapshots taken since start
     * @param lastSnapshotAtMs Unix milliseconds of the last snapshot, 0 when none
     * @param lastSnapshotEntries entries in the last snapshot
     * @param lastSnapshotBytes key and value bytes the store held when the last snapshot was taken
     */
    public SnapshotStats(long entryCount, long snapshotsTaken, long lastSnapshotAtMs,
            long lastSnapshotEntries, long lastSnapshotBytes) {
        this.entryCount = entryCount;
        this.snapshotsTaken = snapshotsTaken;
        this.lastSnapshotAtMs = lastSnapshotAtMs;
        this.lastSnapshotEntries = lastSnapshotEntries;
        this.lastSnapshotBytes = lastSnapshotBytes;
    }

    public long entryCount() {
        return entryCount;
    }

    public long snapshotsTaken() {
        return snapshotsTaken;
    }

    public long lastSnapshotAtMs() {
        return lastSnapshotAtMs;
    }

    public long lastSnapshotEntries() {
        return lastSnapshotEntries;
    }

    public long lastSnapshotBytes() {
        return lastSnapshotBytes;
    }
}
