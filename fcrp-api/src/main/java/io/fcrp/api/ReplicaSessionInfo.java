package io.fcrp.api;

/** A reading of one replica session on a primary; built with {@link #builder(long)}. */
public final class ReplicaSessionInfo {

    private final long id;
    private final String remoteAddress;
    private final SessionState state;
    private final long connectedSinceMs;
    private final long framesSent;
    private final long bytesSent;
    private final long queuedBytes;
    private final int queuedBatches;
    private final ShardWatermarks sentWatermarks;
    private final long bytesBehind;
    private final long recordsBehind;

    private ReplicaSessionInfo(Builder builder) {
        this.id = builder.id;
        this.remoteAddress = builder.remoteAddress;
        this.state = builder.state;
        this.connectedSinceMs = builder.connectedSinceMs;
        this.framesSent = builder.framesSent;
        this.bytesSent = builder.bytesSent;
        this.queuedBytes = builder.queuedBytes;
        this.queuedBatches = builder.queuedBatches;
        this.sentWatermarks = builder.sentWatermarks;
        this.bytesBehind = builder.bytesBehind;
        this.recordsBehind = builder.recordsBehind;
    }

    /** A builder for the session {@code id}. */
    public static Builder builder(long id) {
        return new Builder(id);
    }

    /** Identifier unique within the server, for {@code disconnect}. */
    public long id() {
        return id;
    }

    /** {@code host:port} of the replica. */
    public String remoteAddress() {
        return remoteAddress;
    }

    public SessionState state() {
        return state;
    }

    /** Unix milliseconds when the connection was accepted. */
    public long connectedSinceMs() {
        return connectedSinceMs;
    }

    public long framesSent() {
        return framesSent;
    }

    public long bytesSent() {
        return bytesSent;
    }

    /** Bytes of published batches the session has not taken from the backlog yet. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** Published batches the session has not taken from the backlog yet. */
    public int queuedBatches() {
        return queuedBatches;
    }

    /** Highest sequence per shard written to this replica so far (during a snapshot: the snapshot's). */
    public ShardWatermarks sentWatermarks() {
        return sentWatermarks;
    }

    /**
     * Bytes of published batches not yet written to the replica: those it has not taken from the
     * backlog and those being written now; -1 while the session is deciding how to bootstrap.
     */
    public long bytesBehind() {
        return bytesBehind;
    }

    /**
     * Records published that have not been written to the replica: the primary's watermarks minus
     * {@link #sentWatermarks()}, summed over the shards; -1 while the session is deciding how to
     * bootstrap.
     */
    public long recordsBehind() {
        return recordsBehind;
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

        public ReplicaSessionInfo build() {
            return new ReplicaSessionInfo(this);
        }
    }
}
