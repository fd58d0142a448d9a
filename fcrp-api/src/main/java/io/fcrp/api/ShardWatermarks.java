package io.fcrp.api;

import java.util.Arrays;

/**
 * An immutable watermark vector: the highest applied (replica) or published (primary) sequence of
 * every shard, indexed by shard id. A shard beyond the end of the vector counts as 0 ("nothing
 * yet"). Values are unsigned 64-bit numbers.
 */
public final class ShardWatermarks {

    private static final ShardWatermarks EMPTY = new ShardWatermarks(new long[0]);

    private final long[] values;

    private ShardWatermarks(long[] values) {
        this.values = values;
    }

    /** A vector holding a copy of {@code values}. */
    public static ShardWatermarks of(long... values) {
        return values.length == 0 ? EMPTY : new ShardWatermarks(values.clone());
    }

    /** A vector of {@code shardCount} zeros. */
    public static ShardWatermarks zeros(int shardCount) {
        return shardCount == 0 ? EMPTY : new ShardWatermarks(new long[shardCount]);
    }

    /** The vector of length 0. */
    public static ShardWatermarks empty() {
        return EMPTY;
    }

    /** Number of shards carried explicitly. */
    public int size() {
        return values.length;
    }

    /** The watermark of {@code shard}, 0 when the shard lies beyond the end of the vector. */
    public long get(int shard) {
        return shard >= 0 && shard < values.length ? values[shard] : 0L;
    }

    /** A copy of the values. */
    public long[] toArray() {
        return values.clone();
    }


    /**
     * True when some shard of this vector is above (unsigned) the same shard of {@code other},
     * e.g. a replica that holds sequences its primary never published.
     */
    public boolean anyAbove(ShardWatermarks other) {
        for (int shard = 0; shard < values.length; shard++) {
            if (Long.compareUnsigned(values[shard], other.get(shard)) > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof ShardWatermarks)) {
            return false;
        }
        ShardWatermarks that = (ShardWatermarks) other;
        int length = Math.max(values.length, that.values.length);
        for (int shard = 0; shard < length; shard++) {
            if (get(shard) != that.get(shard)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int end = values.length;
        while (end > 0 && values[end - 1] == 0L) {
            end--;
        }
        return Arrays.hashCode(Arrays.copyOf(values, end));
    }

    /** Unsigned decimal values, e.g. {@code [3, 0]}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[");
        for (int shard = 0; shard < values.length; shard++) {
            if (shard > 0) {
                text.append(", ");
            }
            text.append(Long.toUnsignedString(values[shard]));
        }
        return text.append(']').toString();
    }
}
