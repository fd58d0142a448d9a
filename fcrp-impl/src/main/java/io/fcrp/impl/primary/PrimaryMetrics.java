package io.fcrp.impl.primary;

import io.fcrp.api.Metric;
import io.fcrp.api.ReplicationMetrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link ReplicationMetrics}, cheap to bump from many threads. */
final class PrimaryMetrics {

    private final LongAdder[] counters = new LongAdder[Metric.values().length];
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

    /** Remembers the highest number of records seen waiting in pending batches. */
    void observeQueueDepth(long depth) {
        if (depth > queueHighWatermark.get()) {
            queueHighWatermark.accumulateAndGet(depth, Math::max);
        }
    }

    /** A reading, with the counts the batcher keeps per shard passed in. */
    ReplicationMetrics read(long emittedMutations, long queueDepth) {
        long[] values = new long[counters.length];
        for (int i = 0; i < counters.length; i++) {
            values[i] = counters[i].sum();
        }
        values[Metric.EMITTED_MUTATIONS.ordinal()] = emittedMutations;
        values[Metric.QUEUE_DEPTH.ordinal()] = queueDepth;
        values[Metric.QUEUE_HIGH_WATERMARK.ordinal()] = queueHighWatermark.get();
        return new ReplicationMetrics(values);
    }
}
