package io.fcrp.api;

/** A reading of a replica client. */
public final class ReplicaStatus {

    private final ReplicaState state;
    private final String upstream;
    private final ShardWatermarks localWatermarks;
    private final ShardWatermarks primaryWatermarks;
    private final long lagMillis;
    private final long applied;
    private final long skipped;
    private final long reconnects;
    private final long snapshotsLoaded;
    private final String bootstrap;
    private final long watermarkRegressions;
    private final long dataReplacements;
    private final long bytesReceived;
    private final String lastError;

    public ReplicaStatus(ReplicaState state, String upstream, ShardWatermarks localWatermarks,
            ShardWatermarks primaryWatermarks, long lagMillis, long applied, long skipped, long reconnects,
            long snapshotsLoaded, String bootstrap, long watermarkRegressions, long dataReplacements, long bytesReceived,
            String lastError) {
        this.state = state;
        this.upstream = upstream;
        this.localWatermarks = localWatermarks;
        this.primaryWatermarks = primaryWatermarks;
        this.lagMillis = lagMillis;
        this.applied = applied;
        this.skipped = skipped;
        this.reconnects = reconnects;
        this.snapshotsLoaded = snapshotsLoaded;
        this.bootstrap = bootstrap;
        this.watermarkRegressions = watermarkRegressions;
        this.dataReplacements = dataReplacements;
        this.bytesReceived = bytesReceived;
        this.lastError = lastError;
    }

    public ReplicaState state() {
        return state;
    }

    /** {@code host:port} of the primary. */
    public String upstream() {
        return upstream;
    }

    /** Highest applied sequence per primary shard. */
    public ShardWatermarks localWatermarks() {
        return localWatermarks;
    }

    /** The primary's watermarks as last known (handshake, then every applied record). */
    public ShardWatermarks primaryWatermarks() {
        return primaryWatermarks;
    }

    /**
     * Milliseconds between the primary stamping the newest applied record and this replica
     * applying it; -1 before the first record.
     */
    public long lagMillis() {
        return lagMillis;
    }

    /** Records applied. */
    public long applied() {
        return applied;
    }

    /** Records skipped as duplicates. */
    public long skipped() {
        return skipped;
    }

    /** Connections opened after the first one. */
    public long reconnects() {
        return reconnects;
    }

    public long snapshotsLoaded() {
        return snapshotsLoaded;
    }

    /**
     * How the current (or last) session bootstrapped: {@code snapshot}, {@code backlog} (records the
     * primary had published before the handshake were replayed) or {@code none} (nothing missing).
     */
    public String bootstrap() {
        return bootstrap;
    }

    /**
     * Handshakes at which the primary's watermarks were below the replica's: a primary that
     * restarted numbering lower (as the reference does), or lost writes made after its last saved
     * file. Each makes the replica bootstrap afresh.
     */
    public long watermarkRegressions() {
        return watermarkRegressions;
    }

    /**
     * Complete bootstraps that replaced non-empty data in bulk: after a restart of the primary
     * that lost its data or its history (no persistence, a crash, a shard count change), a backlog
     * that no longer covered what the replica missed, a new primary followed, or a resync.
     */
    public long dataReplacements() {
        return dataReplacements;
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    /** The last error in operator language, or null. */
    public String lastError() {
        return lastError;
    }
}
