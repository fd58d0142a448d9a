package io.fcrp.api;

import java.util.Arrays;

/**
 * One replicated mutation as carried in a MutationBatch record. {@code value} is empty for
 * {@link MutationOp#DEL} and {@link MutationOp#EXPIRE}. Arrays are shared, not copied.
 */
public final class Mutation {

    private final int shardId;
    private final long sequence;
    private final long timestampMs;
    private final MutationOp op;
    private final long keyHash;
    private final byte[] key;
    private final byte[] value;
    private final long expireAtMs;
    private final byte[] governance;

    public Mutation(int shardId, long sequence, long timestampMs, MutationOp op, long keyHash,
            byte[] key, byte[] value, long expireAtMs) {
        this(shardId, sequence, timestampMs, op, keyHash, key, value, expireAtMs, null);
    }

    /**
     * A mutation with governance metadata: a Set as a {@code shardmap} 0.6–0.7 primary sends it
     * (op 4, spec §11.1); {@code governance} is null for a plain mutation.
     */
    public Mutation(int shardId, long sequence, long timestampMs, MutationOp op, long keyHash,
            byte[] key, byte[] value, long expireAtMs, byte[] governance) {
        this.governance = governance;
        this.shardId = shardId;
        this.sequence = sequence;
        this.timestampMs = timestampMs;
        this.op = op;
        this.keyHash = keyHash;
        this.key = key;
        this.value = value;
        this.expireAtMs = expireAtMs;
    }

    /** Source shard on the primary: a u32 carried in an int, see {@link Integer#toUnsignedLong(int)}. */
    public int shardId() {
        return shardId;
    }

    /** Per-shard sequence, unsigned, at least 1. */
    public long sequence() {
        return sequence;
    }

    /** Primary wall clock in Unix milliseconds when the mutation was made. */
    public long timestampMs() {
        return timestampMs;
    }

    public MutationOp op() {
        return op;
    }

    /** XXH3-64 (seed 0) of the key bytes. */
    public long keyHash() {
        return keyHash;
    }

    /** {@code keyHash >>> 56}: the top byte of the hash. */
    public long keyTag() {
        return keyHash >>> 56;
    }

    public byte[] key() {
        return key;
    }

    public byte[] value() {
        return value;
    }

    /** Absolute expiry in Unix milliseconds, or {@link Entry#NO_EXPIRY}. */
    public long expireAtMs() {
        return expireAtMs;
    }

    /** The governance metadata of a governed Set, or null. */
    public byte[] governance() {
        return governance;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Mutation)) {
            return false;
        }
        Mutation that = (Mutation) other;
        return shardId == that.shardId && sequence == that.sequence && timestampMs == that.timestampMs
                && op == that.op && keyHash == that.keyHash && expireAtMs == that.expireAtMs
                && Arrays.equals(key, that.key) && Arrays.equals(value, that.value)
                && Arrays.equals(governance, that.governance);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + shardId * 17 + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "Mutation[shard=" + shardId + ", seq=" + Long.toUnsignedString(sequence) + ", op=" + op
                + ", key=" + key.length + " bytes, value=" + value.length + " bytes, expireAtMs="
                + (expireAtMs == Entry.NO_EXPIRY ? "none" : Long.toUnsignedString(expireAtMs)) + "]";
    }
}
