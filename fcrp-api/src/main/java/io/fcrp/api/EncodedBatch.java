package io.fcrp.api;

/**
 * One published MutationBatch frame, encoded once (header included, compressed or not) and shared
 * by the backlog and every replica session. It carries records of a single shard, in sequence
 * order. The frame array is shared: never modify it.
 */
public final class EncodedBatch {

    private final byte[] frame;
    private final int shardId;
    private final long firstSequence;
    private final long lastSequence;
    private final int recordCount;
    private final long lastTimestampMs;
    private final int uncompressedPayloadLength;

    public EncodedBatch(byte[] frame, int shardId, long firstSequence, long lastSequence, int recordCount,
            long lastTimestampMs, int uncompressedPayloadLength) {
        this.frame = frame;
        this.shardId = shardId;
        this.firstSequence = firstSequence;
        this.lastSequence = lastSequence;
        this.recordCount = recordCount;
        this.lastTimestampMs = lastTimestampMs;
        this.uncompressedPayloadLength = uncompressedPayloadLength;
    }

    /** The complete frame bytes, ready to be written to a socket. */
    public byte[] frame() {
        return frame;
    }

    public int shardId() {
        return shardId;
    }

    public long firstSequence() {
        return firstSequence;
    }

    public long lastSequence() {
        return lastSequence;
    }

    public int recordCount() {
        return recordCount;
    }

    /** Primary wall clock of the newest record, Unix milliseconds. */
    public long lastTimestampMs() {
        return lastTimestampMs;
    }

    public int uncompressedPayloadLength() {
        return uncompressedPayloadLength;
    }
}
