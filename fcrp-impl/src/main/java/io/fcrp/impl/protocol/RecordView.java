package io.fcrp.impl.protocol;

import io.fcrp.api.Mutation;
import io.fcrp.api.MutationOp;
import java.util.Arrays;

/**
 * One MutationBatch record as it lies in the payload buffer: {@link MutationBatchCodec#visit}
 * points one view at each record in turn, so reading a batch creates no object per record. Valid
 * only during the visitor's call; key and value are slices of {@link #bytes()}.
 */
public final class RecordView {

    private byte[] bytes;
    private int start;
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
    /** Offset of the governance metadata of a governed Set, -1 for a plain record. */
    private int governanceOffset;

    private int governanceLength;

    void point(byte[] payload, int recordOffset) {
        bytes = payload;
        start = recordOffset;
        shardId = LittleEndian.getInt(payload, recordOffset);
        sequence = LittleEndian.getLong(payload, recordOffset + 4);
        timestampMs = LittleEndian.getLong(payload, recordOffset + 12);
        int code = payload[recordOffset + 20];
        op = code == MutationBatchCodec.GOVERNED_SET_OP ? MutationOp.SET : MutationOp.fromCode(code);
        keyHash = LittleEndian.getLong(payload, recordOffset + 21);
        keyTag = LittleEndian.getLong(payload, recordOffset + 29);
        expireAtMs = LittleEndian.getLong(payload, recordOffset + 37);
        keyLength = LittleEndian.getInt(payload, recordOffset + 45);
        valueLength = LittleEndian.getInt(payload, recordOffset + 49);
        keyOffset = recordOffset + MutationBatchCodec.RECORD_FIXED_BYTES;
        if (code == MutationBatchCodec.GOVERNED_SET_OP) {
            int lengthAt = keyOffset + keyLength + valueLength;
            governanceLength = LittleEndian.getInt(payload, lengthAt);
            governanceOffset = lengthAt + 4;
        } else {
            governanceOffset = -1;
            governanceLength = 0;
        }
    }

    /** Offset of the record that follows this one. */
    int end() {
        return governanceOffset >= 0 ? governanceOffset + governanceLength : keyOffset + keyLength + valueLength;
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

    /** True for a governed Set (op 4 of the 0.6–0.7 dialect); {@link #op()} is then SET. */
    public boolean governed() {
        return governanceOffset >= 0;
    }

    /** Offset of the governance metadata in {@link #bytes()}; only for a governed Set. */
    public int governanceOffset() {
        return governanceOffset;
    }

    public int governanceLength() {
        return governanceLength;
    }

    /** A copy of the governance metadata, or null for a plain record. */
    public byte[] governance() {
        return governed() ? Arrays.copyOfRange(bytes, governanceOffset, governanceOffset + governanceLength) : null;
    }

    /** Bytes the record takes in its payload. */
    public int length() {
        return end() - start;
    }

    /** A view of a copy of this record, which outlives the visit (for the rare paths that keep records). */
    public RecordView detach() {
        RecordView copy = new RecordView();
        copy.point(Arrays.copyOfRange(bytes, start, end()), 0);
        return copy;
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
        return new Mutation(shardId, sequence, timestampMs, op, keyHash, key(), value(), expireAtMs, governance());
    }
}
