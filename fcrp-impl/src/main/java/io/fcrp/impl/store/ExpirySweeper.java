package io.fcrp.impl.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes expired entries in the background, one bounded slice of every shard per tick, from whatever map is current. */
final class ExpirySweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final long TICK_MS = 100;

    private final ScheduledExecutorService executor;

    ExpirySweeper(String name, Supplier<ShardedMap> map, LongSupplier clock) {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "fcrp-expiry-" + name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                map.get().sweepStep(clock.getAsLong());
            } catch (RuntimeException e) {
                LOG.error("expiry sweep of store {} failed", name, e);
            }
        }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("expiry sweeper thread did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
