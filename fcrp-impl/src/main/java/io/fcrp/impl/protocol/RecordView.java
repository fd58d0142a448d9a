package io.fcrp.impl.protocol;

import java.util.Arrays;

import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;

/**
 * One MutationBatch record as it lies in the payload buffer: {@link MutationBatchCodec#visit}
 * points one view at each record in turn, so reading a batch creates no object per record. Valid
 * only during the visitor's call; key and value are slices of {@link #bytes()}.
 */
public final class RecordView {

    private byte[] bytes;
    private int shardId;
    private long sequence;
    private long timestampMs;
    private MutationOp op;
    private long keyHash;
    private long keyTag;
    private long expireAtMs;
    private int keyOffset;
    private int keyLength;
    private int valueLength;

    void point(byte[] payload, int recordOffset) {
        bytes = payload;
        shardId = LittleEndian.getInt(payload, recordOffset);
        sequence = LittleEndian.getLong(payload, recordOffset + 4);
        timestampMs = LittleEndian.getLong(payload, recordOffset + 12);
        op = MutationOp.fromCode(payload[recordOffset + 20]);
        keyHash = LittleEndian.getLong(payload, recordOffset + 21);
        keyTag = LittleEndian.getLong(payload, recordOffset + 29);
        expireAtMs = LittleEndian.getLong(payload, recordOffset + 37);
        keyLength = LittleEndian.getInt(payload, recordOffset + 45);
        valueLength = LittleEndian.getInt(payload, recordOffset + 49);
        keyOffset = recordOffset + MutationBatchCodec.RECORD_FIXED_BYTES;
    }

    /** Offset of the record that follows this one. */
    int end() {
        return keyOffset + keyLength + valueLength;
    }

    /** The shard id, a u32 carried in an int (compare it with {@link Integer#compareUnsigned}). */
    public int shardId() {
        return shardId;
    }

    public long sequence() {
        return sequence;
    }

    public long timestampMs() {
        return timestampMs;
    }

    public MutationOp op() {
        return op;
    }

    public long keyHash() {
        return keyHash;
    }

    public long keyTag() {
        return keyTag;
    }

    public long expireAtMs() {
        return expireAtMs;
    }

    /** The payload buffer holding key and value. */
    public byte[] bytes() {
        return bytes;
    }

    public int keyOffset() {
        return keyOffset;
    }

    public int keyLength() {
        return keyLength;
    }

    public int valueOffset() {
        return keyOffset + keyLength;
    }

    public int valueLength() {
        return valueLength;
    }

    /** Copies of the key and the value, for the rare paths that keep them. */
    public byte[] key() {
        return Arrays.copyOfRange(bytes, keyOffset, keyOffset + keyLength);
    }

    public byte[] value() {
        return Arrays.copyOfRange(bytes, valueOffset(), valueOffset() + valueLength);
    }

    /** The record as a value that outlives the visit. */
    public Mutation toMutation() {
        return new Mutation(shardId, sequence, timestampMs, op, keyHash, key(), value(), expireAtMs);
    }
}
