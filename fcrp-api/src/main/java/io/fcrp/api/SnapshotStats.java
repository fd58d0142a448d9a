package io.fcrp.api;

/**
 * What a {@link SnapshotProvider} has done so far.
 *
 * @param entryCount entries currently held by the store
 * @param snapshotsTaken snapshots taken since start
 * @param lastSnapshotAtMs Unix milliseconds of the last snapshot, 0 when none
 * @param lastSnapshotEntries entries in the last snapshot
 * @param lastSnapshotBytes key and value bytes the store held when the last snapshot was taken
 */
public record SnapshotStats(
        long entryCount, long snapshotsTaken, long lastSnapshotAtMs, long lastSnapshotEntries, long lastSnapshotBytes) {

    public SnapshotStats {
        Figures.requireNonNegative("entryCount", entryCount);
        Figures.requireNonNegative("snapshotsTaken", snapshotsTaken);
        Figures.requireNonNegative("lastSnapshotAtMs", lastSnapshotAtMs);
        Figures.requireNonNegative("lastSnapshotEntries", lastSnapshotEntries);
        Figures.requireNonNegative("lastSnapshotBytes", lastSnapshotBytes);
    }
}
