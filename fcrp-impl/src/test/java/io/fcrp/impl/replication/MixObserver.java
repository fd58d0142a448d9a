package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fcrp.impl.replica.ReplicaClientImpl;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the replica store from another thread and remembers any view holding keys of both
 * primaries ({@code a:} and {@code b:} keys), and any empty view (data wiped before its
 * replacement arrived).
 */
final class MixObserver implements AutoCloseable {
    private final Thread thread;
    private final AtomicReference<String> mix = new AtomicReference<>();
    private final AtomicReference<String> empty = new AtomicReference<>();
    private final AtomicLong views = new AtomicLong();
    private volatile boolean stop;

    MixObserver(ReplicaClientImpl replica) {
        thread = new Thread(
                () -> {
                    while (!stop) {
                        List<String> keys = ReplicationTestBase.keysOf(replica.store());
                        boolean a = keys.stream().anyMatch(k -> k.startsWith("a:"));
                        boolean b = keys.stream().anyMatch(k -> k.startsWith("b:"));
                        if (a && b) {
                            mix.compareAndSet(
                                    null,
                                    "view " + views.get() + " holds keys of A and B: "
                                            + ReplicationTestBase.describe(replica));
                        }
                        if (keys.isEmpty()) {
                            empty.compareAndSet(
                                    null,
                                    "view " + views.get() + " is empty: " + ReplicationTestBase.describe(replica));
                        }
                        views.incrementAndGet();
                        LockSupport.parkNanos(200_000);
                    }
                },
                "test-mix-observer");
        thread.setDaemon(true);
        thread.start();
    }

    void assertNoMix() {
        assertNull(mix.get());
        assertTrue(views.get() > 0);
    }

    /** Asserts that no view was a mix and none was empty: the old data stayed until the new replaced it. */
    void assertNoMixNorGap() {
        assertNoMix();
        assertNull(empty.get());
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(10_000);
    }
}
