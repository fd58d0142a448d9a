package io.fcrp.api;

/** A reading of a replica client; built with {@link #builder()}. */
public final class ReplicaStatus {

    private final ReplicaState state;
    private final String upstream;
    private final ShardWatermarks localWatermarks;
    private final ShardWatermarks primaryWatermarks;
    private final long lagMillis;
    private final LagPercentiles lagPercentiles;
    private final long millisSinceLastFrame;
    private final long millisNotStreaming;
    private final long applied;
    private final long skipped;
    private final long applyNanos;
    private final long reconnects;
    private final long snapshotsLoaded;
    private final String bootstrap;
    private final long watermarkRegressions;
    private final long dataReplacements;
    private final long bytesReceived;
    private final String lastError;

    private ReplicaStatus(Builder builder) {
        this.state = builder.state;
        this.upstream = builder.upstream;
        this.localWatermarks = builder.localWatermarks;
        this.primaryWatermarks = builder.primaryWatermarks;
        this.lagMillis = builder.lagMillis;
        this.lagPercentiles = builder.lagPercentiles != null ? builder.lagPercentiles
                : LagPercentiles.without(builder.lagMillis);
        this.millisSinceLastFrame = builder.millisSinceLastFrame;
        this.millisNotStreaming = builder.millisNotStreaming;
        this.applied = builder.applied;
        this.skipped = builder.skipped;
        this.applyNanos = builder.applyNanos;
        this.reconnects = builder.reconnects;
        this.snapshotsLoaded = builder.snapshotsLoaded;
        this.bootstrap = builder.bootstrap;
        this.watermarkRegressions = builder.watermarkRegressions;
        this.dataReplacements = builder.dataReplacements;
        this.bytesReceived = builder.bytesReceived;
        this.lastError = builder.lastError;
    }

    public static Builder builder() {
        return new Builder();
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

    /** The primary's watermarks as last seen: in the handshake, in batches and in heartbeats. */
    public ShardWatermarks primaryWatermarks() {
        return primaryWatermarks;
    }

    /**
     * How stale the replica's data may be, in ms: now minus the last moment up to which the
     * replica is known to hold everything the primary published. That moment moves on when the
     * replica applies a batch and then holds everything it has seen the primary publish (to the
     * primary's timestamp of the batch's newest record) and when a heartbeat arrives whose
     * watermarks the replica holds (to its arrival). So it is the usual replication lag while
     * records stream, about 0 on a quiet link with heartbeats (a Java primary sends them), and it
     * grows with time in every other case: while behind, bootstrapping, connecting, backing off
     * or stopped, and on a quiet link without heartbeats (the reference primary). Before the
     * replica is first caught up it counts from the replica's start. Never negative.
     */
    public long lagMillis() {
        return lagMillis;
    }

    /** Lag percentiles over the last minute. */
    public LagPercentiles lagPercentiles() {
        return lagPercentiles;
    }

    /**
     * Records the replica has not applied of those the primary has published as far as it knows:
     * {@code localWatermarks().distanceTo(primaryWatermarks())}.
     */
    public long recordsBehind() {
        return localWatermarks.distanceTo(primaryWatermarks);
    }

    /** Milliseconds since the last frame from the primary arrived (heartbeats included); -1 before the first. */
    public long millisSinceLastFrame() {
        return millisSinceLastFrame;
    }

    /** Milliseconds since the replica last left {@code STREAMING} (or started, if it never streamed); 0 while streaming. */
    public long millisNotStreaming() {
        return millisNotStreaming;
    }

    /** Records applied. */
    public long applied() {
        return applied;
    }

    /** Records skipped as duplicates. */
    public long skipped() {
        return skipped;
    }

    /** Nanoseconds spent applying batches. */
    public long applyNanos() {
        return applyNanos;
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

    /** Builds a {@link ReplicaStatus}; unset watermarks are empty, unset counters 0. */
    public static final class Builder {

        private ReplicaState state = ReplicaState.CONNECTING;
        private String upstream = "";
        private ShardWatermarks localWatermarks = ShardWatermarks.empty();
        private ShardWatermarks primaryWatermarks = ShardWatermarks.empty();
        private long lagMillis;
        private LagPercentiles lagPercentiles;
        private long millisSinceLastFrame = -1;
        private long millisNotStreaming;
        private long applied;
        private long skipped;
        private long applyNanos;
        private long reconnects;
        private long snapshotsLoaded;
        private String bootstrap = "none";
        private long watermarkRegressions;
        private long dataReplacements;
        private long bytesReceived;
        private String lastError;

        private Builder() {
        }

        public Builder state(ReplicaState value) {
            state = value;
            return this;
        }

        public Builder upstream(String value) {
            upstream = value;
            return this;
        }

        public Builder localWatermarks(ShardWatermarks value) {
            localWatermarks = value;
            return this;
        }

        public Builder primaryWatermarks(ShardWatermarks value) {
            primaryWatermarks = value;
            return this;
        }

        public Builder lagMillis(long value) {
            lagMillis = value;
            return this;
        }

        /** Unset: {@link LagPercentiles#without(long)} of the lag. */
        public Builder lagPercentiles(LagPercentiles value) {
            lagPercentiles = value;
            return this;
        }

        public Builder millisSinceLastFrame(long value) {
            millisSinceLastFrame = value;
            return this;
        }

        public Builder millisNotStreaming(long value) {
            millisNotStreaming = value;
            return this;
        }

        public Builder applied(long value) {
            applied = value;
            return this;
        }

        public Builder skipped(long value) {
            skipped = value;
            return this;
        }

        public Builder applyNanos(long value) {
            applyNanos = value;
            return this;
        }

        public Builder reconnects(long value) {
            reconnects = value;
            return this;
        }

        public Builder snapshotsLoaded(long value) {
            snapshotsLoaded = value;
            return this;
        }

        public Builder bootstrap(String value) {
            bootstrap = value;
            return this;
        }

        public Builder watermarkRegressions(long value) {
            watermarkRegressions = value;
            return this;
        }

        public Builder dataReplacements(long value) {
            dataReplacements = value;
            return this;
        }

        public Builder bytesReceived(long value) {
            bytesReceived = value;
            return this;
        }

        public Builder lastError(String value) {
            lastError = value;
            return this;
        }

        public ReplicaStatus build() {
            return new ReplicaStatus(this);
        }
    }
}
