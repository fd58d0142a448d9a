package io.fcrp.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * One replicated mutation as carried in a MutationBatch record. {@code value} is empty for
 * {@link MutationOp#DEL} and {@link MutationOp#EXPIRE}.
 *
 * <p>The arrays are shared, not copied: a mutation is made for every record replicated, and
 * copying its key and value again would double what the data path allocates. Equality and hash
 * code compare the arrays' contents.
 *
 * @param shardId source shard on the primary: a u32 carried in an int, see {@link Integer#toUnsignedLong(int)}
 * @param sequence per-shard sequence, unsigned, at least 1 on the wire (checked by the protocol, not here)
 * @param timestampMs primary wall clock in Unix milliseconds when the mutation was made
 * @param op the mutation kind
 * @param keyHash XXH3-64 (seed 0) of the key bytes
 * @param key the key bytes
 * @param value the value bytes (empty for {@code DEL} and {@code EXPIRE})
 * @param expireAtMs absolute expiry in Unix milliseconds, or {@link Entry#NO_EXPIRY}
 * @param governance the governance metadata of a governed Set as a {@code shardmap} 0.6–0.7 primary
 *        sends it (op 4, spec §11.1), or null for a plain mutation
 */
public record Mutation(
        int shardId,
        long sequence,
        long timestampMs,
        MutationOp op,
        long keyHash,
        byte[] key,
        byte[] value,
        long expireAtMs,
        byte[] governance) {

    public Mutation {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** A plain mutation, without governance metadata. */
    public Mutation(
            int shardId,
            long sequence,
            long timestampMs,
            MutationOp op,
            long keyHash,
            byte[] key,
            byte[] value,
            long expireAtMs) {
        this(shardId, sequence, timestampMs, op, keyHash, key, value, expireAtMs, null);
    }

    /** {@code keyHash >>> 56}: the top byte of the hash. */
    public long keyTag() {
        return keyHash >>> 56;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Mutation that
                && shardId == that.shardId
                && sequence == that.sequence
                && timestampMs == that.timestampMs
                && op == that.op
                && keyHash == that.keyHash
                && expireAtMs == that.expireAtMs
                && Arrays.equals(key, that.key)
                && Arrays.equals(value, that.value)
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
