package io.fcrp.impl.primary;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.fcrp.api.Metric;
import io.fcrp.api.ReplicationMetrics;

/** The live counters behind {@link ReplicationMetrics}, cheap to bump from many threads. */
final class PrimaryMetrics {

    private final LongAdder[] counters = new LongAdder[Metric.values().length];
    private final AtomicLong queueDepth = new AtomicLong();
    private final AtomicLong queueHighWatermark = new AtomicLong();

    PrimaryMetrics() {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    void add(Metric metric, long delta) {
        counters[metric.ordinal()].add(delta);
    }

    void increment(Metric metric) {
        counters[metric.ordinal()].increment();
    }

    /** Records waiting in pending batches changed by {@code delta}. */
    void queueDepth(long delta) {
        long depth = queueDepth.addAndGet(delta);
        if (depth > queueHighWatermark.get()) {
            queueHighWatermark.accumulateAndGet(depth, Math::max);
        }
    }

    ReplicationMetrics read() {
        long[] values = new long[counters.length];
        for (int i = 0; i < counters.length; i++) {
            values[i] = counters[i].sum();
        }
        values[Metric.QUEUE_DEPTH.ordinal()] = queueDepth.get();
        values[Metric.QUEUE_HIGH_WATERMARK.ordinal()] = queueHighWatermark.get();
        return new ReplicationMetrics(values);
    }
}
