package io.fcrp.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable reading of every {@link Metric}. A final class rather than a record: it holds one
 * value per metric in an array that must not escape (a record would hand it out through its
 * accessor); equality compares the values.
 */
public final class ReplicationMetrics {

    private static final ReplicationMetrics ZEROS = new ReplicationMetrics(new long[Metric.values().length]);

    private final long[] values;

    /** @param values one value per {@link Metric}, in declaration order */
    public ReplicationMetrics(long[] values) {
        if (values.length != Metric.values().length) {
            throw new IllegalArgumentException("expected " + Metric.values().length + " values, got " + values.length);
        }
        this.values = values.clone();
    }

    /** Every metric 0: a primary with no stream to count yet. */
    public static ReplicationMetrics zeros() {
        return ZEROS;
    }

    public long get(Metric metric) {
        return values[metric.ordinal()];
    }

    /** All values by metric. */
    public Map<Metric, Long> asMap() {
        Map<Metric, Long> map = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            map.put(metric, values[metric.ordinal()]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** All values keyed by their reference names, in declaration order. */
    public Map<String, Long> byReferenceName() {
        Map<String, Long> map = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            map.put(metric.referenceName(), values[metric.ordinal()]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReplicationMetrics that && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return byReferenceName().toString();
    }
}
