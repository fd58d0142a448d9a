package io.fcrp.api;

import java.util.Arrays;

/**
 * An immutable watermark vector: the highest applied (replica) or published (primary) sequence of
 * every shard, indexed by shard id. A shard beyond the end of the vector counts as 0 ("nothing
 * yet"), so {@code [3]} equals {@code [3, 0]}. Values are unsigned 64-bit numbers.
 *
 * <p>A final class rather than a record: its equality is not that of its array (trailing zero
 * shards do not count), and a record would publish a canonical constructor and an accessor that
 * hand out the array, both of which would have to copy it; the factories copy once.
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
     * The sum of the (unsigned) values as a {@code double}: it grows by one per record published
     * or applied, for tools that keep one number per figure (a sum of 64-bit watermarks does not
     * fit a {@code long}; a {@code double} holds it to about 16 significant digits).
     */
    public double sum() {
        double sum = 0;
        for (long value : values) {
            sum += unsignedToDouble(value);
        }
        return sum;
    }

    /** The lowest value (unsigned), 0 for the empty vector. */
    public long min() {
        if (values.length == 0) {
            return 0L;
        }
        long min = values[0];
        for (long value : values) {
            if (Long.compareUnsigned(value, min) < 0) {
                min = value;
            }
        }
        return min;
    }

    /** The highest value (unsigned), 0 for the empty vector. */
    public long max() {
        long max = 0L;
        for (long value : values) {
            if (Long.compareUnsigned(value, max) > 0) {
                max = value;
            }
        }
        return max;
    }

    /** The shards in which this vector is below (unsigned) {@code ahead}, e.g. a replica's against its primary's. */
    public int shardsBelow(ShardWatermarks ahead) {
        int shards = 0;
        for (int shard = 0; shard < Math.max(values.length, ahead.size()); shard++) {
            if (Long.compareUnsigned(get(shard), ahead.get(shard)) < 0) {
                shards++;
            }
        }
        return shards;
    }

    /**
     * How many sequences this vector lacks to reach {@code ahead}: the sum over the shards of
     * {@code ahead - this} where {@code ahead} is higher, at most {@link Long#MAX_VALUE}. Sequences
     * number records, so for a replica against its primary this is the records it has not applied.
     */
    public long distanceTo(ShardWatermarks ahead) {
        long distance = 0;
        for (int shard = 0; shard < Math.max(values.length, ahead.size()); shard++) {
            long mine = get(shard);
            long theirs = ahead.get(shard);
            if (Long.compareUnsigned(mine, theirs) < 0) {
                long gap = theirs - mine;
                if (gap < 0 || distance > Long.MAX_VALUE - gap) {
                    return Long.MAX_VALUE;
                }
                distance += gap;
            }
        }
        return distance;
    }

    private static double unsignedToDouble(long value) {
        return value >= 0 ? value : (value >>> 1) * 2.0 + (value & 1);
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
        if (!(other instanceof ShardWatermarks that)) {
            return false;
        }
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
