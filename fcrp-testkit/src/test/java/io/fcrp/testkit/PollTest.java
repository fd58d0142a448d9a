package io.fcrp.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a wait returns, what it tries again and how it fails. */
class PollTest {

    private static final Duration LONG = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(50);

    private final AtomicInteger tries = new AtomicInteger();

    @Test
    void awaitReturnsTheFirstValueAndTriesAgainAfterNullOrARuntimeException() {
        String value = Poll.await("the third try", LONG, () -> {
            int attempt = tries.incrementAndGet();
            if (attempt == 1) {
                throw new IllegalStateException("half built");
            }
            return attempt == 3 ? "done" : null;
        });
        assertEquals("done", value);
        assertEquals(3, tries.get());
    }

    @Test
    void aTimeoutNamesWhatWasAwaitedTheLastStateAndTheLastException() {
        IllegalStateException thrown = new IllegalStateException("never ready");
        AssertionError timeout = assertThrows(
                AssertionError.class,
                () -> Poll.until(
                        "readiness",
                        SHORT,
                        () -> {
                            throw thrown;
                        },
                        () -> "tries=" + tries.incrementAndGet()));
        assertTrue(
                timeout.getMessage()
                        .startsWith("timed out after 50 ms waiting for: readiness\n" + "last observed state: tries="),
                timeout.getMessage());
        assertSame(thrown, timeout.getCause());
    }

    @Test
    void anAssertionErrorOfTheConditionEndsTheWaitAtOnce() {
        AssertionError broken = new AssertionError("must hold throughout");
        assertSame(
                broken,
                assertThrows(
                        AssertionError.class,
                        () -> Poll.until("never", LONG, () -> {
                            tries.incrementAndGet();
                            throw broken;
                        })));
        assertEquals(1, tries.get());
    }

    @Test
    void anInterruptedWaitFailsAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        AssertionError interrupted = assertThrows(AssertionError.class, () -> Poll.until("never", LONG, () -> false));
        assertTrue(Thread.interrupted(), "the interrupt stays set");
        assertEquals("interrupted waiting for: never", interrupted.getMessage());
    }
}
