package io.fcrp.impl.protocol;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;

/** Key hash, key tag and shard assignment exactly as spec §5.1–5.2. */
public final class KeyHash {

    /** The most shards the shard math supports: the hash's top 16 bits pick one. */
    public static final int MAX_SHARDS = 1 << 16;

    private static final Hasher64 XXH3 = Hashing.xxh3_64();

    private KeyHash() {}

    /** XXH3-64, seed 0, default secret. */
    public static long of(byte[] key) {
        return XXH3.hashBytesToLong(key);
    }

    public static long of(byte[] bytes, int offset, int length) {
        return XXH3.hashBytesToLong(bytes, offset, length);
    }

    /** The top byte of the hash (0…255). */
    public static long tag(long hash) {
        return hash >>> 56;
    }

    /** The shard of a hash among {@code shardCount} (a power of two): the bits just below the tag. */
    public static int shard(long hash, int shardCount) {
        if (shardCount == 1) {
            return 0;
        }
        int bits = Integer.numberOfTrailingZeros(shardCount);
        return (int) ((hash >>> (57 - bits)) & (shardCount - 1));
    }

    /** Checks that {@code shardCount} is a power of two the shard math supports (1 … 2^16). */
    public static int requireShardCount(int shardCount) {
        if (shardCount < 1 || shardCount > MAX_SHARDS || Integer.bitCount(shardCount) != 1) {
            throw new IllegalArgumentException(
                    "shard count must be a power of two between 1 and " + MAX_SHARDS + ", not " + shardCount);
        }
        return shardCount;
    }
}
