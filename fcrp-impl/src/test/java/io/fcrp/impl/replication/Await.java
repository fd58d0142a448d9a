package io.fcrp.impl.replication;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes; never a fixed sleep. On timeout the
 * failure names what was awaited and the last observed state.
 */
final class Await {

    private static final long MIN_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private Await() {
    }

    /** Waits until {@code condition} holds; the failure message shows the last value of the condition. */
    static void until(String description, Duration timeout, BooleanSupplier condition) {
        until(description, timeout, condition, () -> "condition still false");
    }

    /**
     * Waits until {@code condition} holds; {@code state} describes what was observed, and its last
     * value is part of the failure message.
     */
    static void until(String description, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = MIN_PAUSE_NANOS;
        while (true) {
            RuntimeException error = null;
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                error = e; // a condition may observe a half-built state; try again until the deadline
            }
            if (System.nanoTime() - deadline > 0) {
                String observed;
                try {
                    observed = String.valueOf(state.get());
                } catch (RuntimeException e) {
                    observed = "state unavailable: " + e;
                }
                if (error != null) {
                    observed += " (condition threw " + error + ")";
                }
                fail("timed out after " + timeout.toMillis() + " ms waiting for: " + description
                        + "\nlast observed state: " + observed);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(MAX_PAUSE_NANOS, pause * 2);
        }
    }
}
