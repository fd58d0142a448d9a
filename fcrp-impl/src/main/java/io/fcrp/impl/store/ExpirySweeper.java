package io.fcrp.impl.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes expired entries in the background, one bounded slice of every shard per tick, from
 * whatever map is current. A failure, even an {@link Error}, is logged once (until a sweep works
 * again) and never stops the ticks: a scheduled task that throws would never run again.
 */
final class ExpirySweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final long TICK_MS = 100;

    private final ScheduledExecutorService executor;
    /** True from a failed sweep to the next one that works; only the sweeper's thread uses it. */
    private boolean failing;

    ExpirySweeper(String name, Supplier<ShardedMap> map, LongSupplier clock) {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "fcrp-expiry-" + name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        map.get().sweepStep(clock.getAsLong());
                        if (failing) {
                            LOG.info("expiry sweep of store {} works again", name);
                            failing = false;
                        }
                    } catch (Throwable e) {
                        if (!failing) {
                            LOG.error("expiry sweep of store {} failed; retrying every {} ms", name, TICK_MS, e);
                            failing = true;
                        }
                    }
                },
                TICK_MS,
                TICK_MS,
                TimeUnit.MILLISECONDS);
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
