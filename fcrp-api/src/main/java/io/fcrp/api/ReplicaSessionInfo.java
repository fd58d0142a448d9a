package io.fcrp.api;

/** A reading of one replica session on a primary. */
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

    public ReplicaSessionInfo(long id, String remoteAddress, SessionState state, long connectedSinceMs,
            long framesSent, long bytesSent, long queuedBytes, int queuedBatches, ShardWatermarks sentWatermarks) {
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.state = state;
        this.connectedSinceMs = connectedSinceMs;
        this.framesSent = framesSent;
        this.bytesSent = bytesSent;
        this.queuedBytes = queuedBytes;
        this.queuedBatches = queuedBatches;
        this.sentWatermarks = sentWatermarks;
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

    /** Bytes of live batches waiting to be written to this replica. */
    public long queuedBytes() {
        return queuedBytes;
    }

    public int queuedBatches() {
        return queuedBatches;
    }

    /** Highest sequence per shard written to this replica so far. */
    public ShardWatermarks sentWatermarks() {
        return sentWatermarks;
    }

    @Override
    public String toString() {
        return "session " + id + " " + remoteAddress + " " + state;
    }
}
