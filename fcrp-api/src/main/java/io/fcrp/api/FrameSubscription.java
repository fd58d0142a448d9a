package io.fcrp.api;

import java.util.concurrent.TimeUnit;

/**
 * A replica session's bounded queue of live batches. Publishing never blocks: when the queue is
 * full, the batch is not queued and the subscription records a gap, which the session fills from
 * the backlog (or, failing that, drops the replica).
 */
public interface FrameSubscription extends AutoCloseable {

    /** The next queued batch, waiting up to {@code timeout}; null when none arrived. */
    EncodedBatch poll(long timeout, TimeUnit unit) throws InterruptedException;

    /** The next queued batch, or null at once when the queue is empty. */
    EncodedBatch poll();

    /**
     * True when batches were refused since the last call because the queue was full; the gap
     * is cleared by this call, so batches published afterwards are queued again.
     */
    boolean takeGap();

    /** Bytes of the batches queued now. */
    long queuedBytes();

    /** Number of batches queued now. */
    int queuedBatches();

    /** Stops receiving batches and releases the queue. */
    @Override
    void close();
}
