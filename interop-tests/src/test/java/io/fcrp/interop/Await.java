package io.fcrp.interop;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until a deadline, failing with a description of the last observed state. */
final class Await {

    private Await() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; last state: " + state.get());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
