package io.fcrp.impl.replication;

import io.fcrp.api.KeyValueStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writer threads hammering a primary store with {@link ReplicationTestBase#randomOps} at full
 * speed, each with its own fixed seed, until they have done their share or are stopped.
 */
final class Writers implements AutoCloseable {

    private static final int STEP = 200;

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong done = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stop;

    /**
     * @param opsPerWriter operations each writer performs at most ({@code Long.MAX_VALUE}: until stopped)
     */
    Writers(KeyValueStore store, int writers, String prefix, long seed, long opsPerWriter, int keySpace) {
        for (int w = 0; w < writers; w++) {
            long writerSeed = seed * 1000 + w;
            Thread thread = new Thread(
                    () -> {
                        try {
                            long step = 0;
                            for (long ops = 0; ops < opsPerWriter && !stop; ops += STEP) {
                                int n = (int) Math.min(STEP, opsPerWriter - ops);
                                ReplicationTestBase.randomOps(
                                        store, prefix, writerSeed * 1_000_003 + step++, n, keySpace);
                                done.addAndGet(n);
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "test-writer-" + w);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** Operations done so far by all writers. */
    long done() {
        return done.get();
    }

    boolean finished() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** Stops the writers, waits for them and rethrows the first failure. */
    void stop() throws InterruptedException {
        stop = true;
        for (Thread thread : threads) {
            thread.join(30_000);
            if (thread.isAlive()) {
                throw new AssertionError("writer " + thread.getName() + " did not stop");
            }
        }
        Throwable error = failure.get();
        if (error != null) {
            throw new AssertionError("a writer failed", error);
        }
    }

    /** Waits for the writers to finish their share. */
    void join() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(120_000);
        }
        stop();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
