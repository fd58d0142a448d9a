package io.fcrp.api;

import java.util.Objects;

/**
 * A reading of one replica session on a primary. Built with {@link #builder(long)}: eleven
 * components, most of them counters of one type, would make a positional call unreadable, and
 * two swapped counters would still compile.
 *
 * @param id identifier unique within the server, for {@code disconnect}
 * @param remoteAddress {@code host:port} of the replica
 * @param state where the session stands
 * @param connectedSinceMs Unix milliseconds when the connection was accepted
 * @param framesSent frames written to the replica
 * @param bytesSent bytes written to the replica
 * @param queuedBytes bytes of published batches the session has not taken from the backlog yet
 * @param queuedBatches published batches the session has not taken from the backlog yet
 * @param sentWatermarks highest sequence per shard written to this replica so far (during a
 *        snapshot: the snapshot's)
 * @param bytesBehind bytes of published batches not yet written to the replica: those it has not
 *        taken from the backlog and those being written now; -1 while the session is deciding how
 *        to bootstrap
 * @param recordsBehind records published that have not been written to the replica: the primary's
 *        watermarks minus {@code sentWatermarks}, summed over the shards; -1 while the session is
 *        deciding how to bootstrap
 */
public record ReplicaSessionInfo(
        long id,
        String remoteAddress,
        SessionState state,
        long connectedSinceMs,
        long framesSent,
        long bytesSent,
        long queuedBytes,
        int queuedBatches,
        ShardWatermarks sentWatermarks,
        long bytesBehind,
        long recordsBehind) {

    public ReplicaSessionInfo {
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(sentWatermarks, "sentWatermarks");
        Figures.requireNonNegative("framesSent", framesSent);
        Figures.requireNonNegative("bytesSent", bytesSent);
        Figures.requireNonNegative("queuedBytes", queuedBytes);
        Figures.requireNonNegative("queuedBatches", queuedBatches);
        Figures.requireAtLeast("bytesBehind", bytesBehind, -1);
        Figures.requireAtLeast("recordsBehind", recordsBehind, -1);
    }

    /** A builder for the session {@code id}. */
    public static Builder builder(long id) {
        return new Builder(id);
    }

    @Override
    public String toString() {
        return "session " + id + " " + remoteAddress + " " + state;
    }

    /** Builds a {@link ReplicaSessionInfo}; unset counters are 0, watermarks empty, "behind" figures -1. */
    public static final class Builder {

        private final long id;
        private String remoteAddress = "";
        private SessionState state = SessionState.HANDSHAKE;
        private long connectedSinceMs;
        private long framesSent;
        private long bytesSent;
        private long queuedBytes;
        private int queuedBatches;
        private ShardWatermarks sentWatermarks = ShardWatermarks.empty();
        private long bytesBehind = -1;
        private long recordsBehind = -1;

        private Builder(long id) {
            this.id = id;
        }

        public Builder remoteAddress(String value) {
            remoteAddress = value;
            return this;
        }

        public Builder state(SessionState value) {
            state = value;
            return this;
        }

        public Builder connectedSinceMs(long value) {
            connectedSinceMs = value;
            return this;
        }

        public Builder framesSent(long value) {
            framesSent = value;
            return this;
        }

        public Builder bytesSent(long value) {
            bytesSent = value;
            return this;
        }

        public Builder queuedBytes(long value) {
            queuedBytes = value;
            return this;
        }

        public Builder queuedBatches(int value) {
            queuedBatches = value;
            return this;
        }

        public Builder sentWatermarks(ShardWatermarks value) {
            sentWatermarks = value;
            return this;
        }

        public Builder bytesBehind(long value) {
            bytesBehind = value;
            return this;
        }

        public Builder recordsBehind(long value) {
            recordsBehind = value;
            return this;
        }

        /** @throws IllegalArgumentException when a counter is negative ("behind" figures: below -1) */
        public ReplicaSessionInfo build() {
            return new ReplicaSessionInfo(
                    id,
                    remoteAddress,
                    state,
                    connectedSinceMs,
                    framesSent,
                    bytesSent,
                    queuedBytes,
                    queuedBatches,
                    sentWatermarks,
                    bytesBehind,
                    recordsBehind);
        }
    }
}
