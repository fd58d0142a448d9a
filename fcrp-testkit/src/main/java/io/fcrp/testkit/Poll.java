package io.fcrp.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition by trying it until a deadline, pausing between tries (half a millisecond at
 * first, doubling up to 25 ms); never a fixed sleep. A try that throws a {@link RuntimeException} is
 * repeated, since it may have seen a half-built state, and the last such exception becomes the cause
 * of the timeout; an {@link AssertionError} ends the wait at once, since it states what must hold
 * throughout. The timeout fails with an {@link AssertionError} that names what was awaited and,
 * where the caller describes it, the state last observed.
 */
public final class Poll {

    private static final long MIN_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private Poll() {}

    /** Waits until {@code condition} holds. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "condition still false");
    }

    /** Waits until {@code condition} holds; on timeout the failure shows what {@code state} says then. */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
        await(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null, state);
    }

    /** Waits until {@code probe} returns a value (not null), and returns it. */
    public static <T> T await(String what, Duration timeout, Supplier<T> probe) {
        return await(what, timeout, probe, () -> "no value yet");
    }

    /**
     * Waits until {@code probe} returns a value (not null), and returns it; on timeout the failure
     * shows what {@code state} says then.
     */
    public static <T> T await(String what, Duration timeout, Supplier<T> probe, Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = MIN_PAUSE_NANOS;
        RuntimeException lastThrown = null;
        while (true) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                lastThrown = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "timed out after " + timeout.toMillis() + " ms waiting for: " + what + "\nlast observed state: "
                                + describe(state),
                        lastThrown);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(pause); // the pause between tries, within the deadline above
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
            pause = Math.min(MAX_PAUSE_NANOS, pause * 2);
        }
    }

    private static String describe(Supplier<?> state) {
        try {
            return String.valueOf(state.get());
        } catch (RuntimeException e) {
            return "unavailable: " + e;
        }
    }
}
