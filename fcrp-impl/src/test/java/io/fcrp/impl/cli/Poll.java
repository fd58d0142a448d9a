package io.fcrp.impl.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Repeats a check until it holds or a deadline passes, pausing briefly between tries. */
final class Poll {

    private static final long PAUSE_MS = 20;

    private Poll() {
    }

    /** @throws AssertionError naming {@code what} when the check does not hold in time */
    static void until(String what, Duration timeout, Callable<Boolean> check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        CountDownLatch never = new CountDownLatch(1);
        while (!check.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + timeout);
            }
            never.await(PAUSE_MS, TimeUnit.MILLISECONDS);
        }
    }
}
