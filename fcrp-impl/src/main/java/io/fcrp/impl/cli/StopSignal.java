package io.fcrp.impl.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A one-shot request to stop, raised from any thread; the first reason given wins. */
final class StopSignal {

    /** Why a long-running command stops. */
    enum Reason {
        /** The awaited condition was reached. */
        REACHED,
        /** The time limit passed. */
        TIMEOUT,
        /** {@code quit} was read from stdin. */
        QUIT,
        /** stdin ended. */
        END_OF_INPUT,
        /** The process is shutting down (SIGTERM). */
        TERMINATED
    }

    private final CountDownLatch raised = new CountDownLatch(1);
    private final AtomicReference<Reason> reason = new AtomicReference<>();

    void raise(Reason why) {
        if (reason.compareAndSet(null, why)) {
            raised.countDown();
        }
    }

    /** Waits up to {@code millis}; true once raised. */
    boolean await(long millis) throws InterruptedException {
        return raised.await(millis, TimeUnit.MILLISECONDS);
    }

    /** The reason, or null while not raised. */
    Reason reason() {
        return reason.get();
    }
}
