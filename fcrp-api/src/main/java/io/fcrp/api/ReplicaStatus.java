package io.fcrp.api;

import java.util.Objects;

/**
 * A reading of a replica client. Built with {@link #builder()}: eighteen components, most of them
 * counters of one type, would make a positional call unreadable, and two swapped counters would
 * still compile.
 *
 * @param state where the client stands
 * @param upstream {@code host:port} of the primary
 * @param localWatermarks highest applied sequence per primary shard
 * @param primaryWatermarks the primary's watermarks as last seen: in the handshake, in batches and in heartbeats
 * @param lagMillis how stale the replica's data may be, in ms: now minus the last moment up to
 *        which the replica is known to hold everything the primary published. That moment moves
 *        on when the replica applies a batch and then holds everything it has seen the primary
 *        publish (to the primary's timestamp of the batch's newest record) and when a heartbeat
 *        arrives whose watermarks the replica holds (to its arrival). So it is the usual
 *        replication lag while records stream, about 0 on a quiet link with heartbeats (a Java
 *        primary sends them), and it grows with time in every other case: while behind,
 *        bootstrapping, connecting, backing off or stopped, and on a quiet link without
 *        heartbeats (the reference primary). Before the replica is first caught up it counts from
 *        the replica's start. Never negative.
 * @param lagPercentiles lag percentiles over the last minute
 * @param millisSinceLastFrame milliseconds since the last frame from the primary arrived
 *        (heartbeats included); -1 before the first
 * @param millisNotStreaming milliseconds since the replica last left {@code STREAMING} (or
 *        started, if it never streamed); 0 while streaming
 * @param applied records applied
 * @param skipped records skipped as duplicates
 * @param applyNanos nanoseconds spent applying batches
 * @param reconnects connections opened after the first one
 * @param snapshotsLoaded snapshots loaded
 * @param bootstrap how the current (or last) session bootstrapped
 * @param watermarkRegressions handshakes at which the primary's watermarks were below the
 *        replica's: a primary that restarted numbering lower (as the reference does), or lost
 *        writes made after its last saved file. Each makes the replica bootstrap afresh.
 * @param dataReplacements complete bootstraps that replaced non-empty data in bulk: after a
 *        restart of the primary that lost its data or its history (no persistence, a crash, a
 *        shard count change), a backlog that no longer covered what the replica missed, a new
 *        primary followed, or a resync
 * @param bytesReceived bytes received from the primary
 * @param lastError the last error in operator language, or null
 */
public record ReplicaStatus(
        ReplicaState state,
        String upstream,
        ShardWatermarks localWatermarks,
        ShardWatermarks primaryWatermarks,
        long lagMillis,
        LagPercentiles lagPercentiles,
        long millisSinceLastFrame,
        long millisNotStreaming,
        long applied,
        long skipped,
        long applyNanos,
        long reconnects,
        long snapshotsLoaded,
        BootstrapKind bootstrap,
        long watermarkRegressions,
        long dataReplacements,
        long bytesReceived,
        String lastError) {

    public ReplicaStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(localWatermarks, "localWatermarks");
        Objects.requireNonNull(primaryWatermarks, "primaryWatermarks");
        Objects.requireNonNull(lagPercentiles, "lagPercentiles");
        Objects.requireNonNull(bootstrap, "bootstrap");
        Figures.requireNonNegative("lagMillis", lagMillis);
        Figures.requireAtLeast("millisSinceLastFrame", millisSinceLastFrame, -1);
        Figures.requireNonNegative("millisNotStreaming", millisNotStreaming);
        Figures.requireNonNegative("applied", applied);
        Figures.requireNonNegative("skipped", skipped);
        Figures.requireNonNegative("applyNanos", applyNanos);
        Figures.requireNonNegative("reconnects", reconnects);
        Figures.requireNonNegative("snapshotsLoaded", snapshotsLoaded);
        Figures.requireNonNegative("watermarkRegressions", watermarkRegressions);
        Figures.requireNonNegative("dataReplacements", dataReplacements);
        Figures.requireNonNegative("bytesReceived", bytesReceived);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Records the replica has not applied of those the primary has published as far as it knows:
     * {@code localWatermarks().distanceTo(primaryWatermarks())}.
     */
    public long recordsBehind() {
        return localWatermarks.distanceTo(primaryWatermarks);
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
        private BootstrapKind bootstrap = BootstrapKind.NONE;
        private long watermarkRegressions;
        private long dataReplacements;
        private long bytesReceived;
        private String lastError;

        private Builder() {}

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

        public Builder bootstrap(BootstrapKind value) {
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

        /** @throws IllegalArgumentException when a counter is negative (the time since the last frame: below -1) */
        public ReplicaStatus build() {
            return new ReplicaStatus(
                    state,
                    upstream,
                    localWatermarks,
                    primaryWatermarks,
                    lagMillis,
                    lagPercentiles != null ? lagPercentiles : LagPercentiles.without(lagMillis),
                    millisSinceLastFrame,
                    millisNotStreaming,
                    applied,
                    skipped,
                    applyNanos,
                    reconnects,
                    snapshotsLoaded,
                    bootstrap,
                    watermarkRegressions,
                    dataReplacements,
                    bytesReceived,
                    lastError);
        }
    }
}
