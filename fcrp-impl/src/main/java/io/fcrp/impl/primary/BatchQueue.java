package io.fcrp.impl.primary;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.fcrp.api.EncodedBatch;
import io.fcrp.api.FrameSubscription;

/**
 * A replica session's queue of live batches, bounded in batches and bytes. A publisher never
 * waits: a batch that does not fit opens a gap, and every batch is refused until the session
 * takes the gap (and fills it from the backlog), so the session never sees a hole it does not
 * know about.
 */
final class BatchQueue implements FrameSubscription {

    private final LinkedBlockingQueue<EncodedBatch> queue = new LinkedBlockingQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger batches = new AtomicInteger();
    private final long maxBytes;
    private final int maxBatches;
    private final Consumer<BatchQueue> onClose;
    private volatile boolean gap;

    BatchQueue(long maxBytes, int maxBatches, Consumer<BatchQueue> onClose) {
        this.maxBytes = maxBytes;
        this.maxBatches = maxBatches;
        this.onClose = onClose;
    }

    /** Queues the batch, or returns false and opens (or keeps) a gap when it does not fit. */
    boolean offer(EncodedBatch batch) {
        if (gap) {
            return false;
        }
        int length = batch.frame().length;
        if (batches.get() + 1 > maxBatches || bytes.get() + length > maxBytes) {
            gap = true;
            return false;
        }
        batches.incrementAndGet();
        bytes.addAndGet(length);
        queue.add(batch);
        return true;
    }

    @Override
    public EncodedBatch poll(long timeout, TimeUnit unit) throws InterruptedException {
        return taken(queue.poll(timeout, unit));
    }

    @Override
    public EncodedBatch poll() {
        return taken(queue.poll());
    }

    @Override
    public boolean takeGap() {
        if (!gap) {
            return false;
        }
        gap = false;
        return true;
    }

    @Override
    public long queuedBytes() {
        return bytes.get();
    }

    @Override
    public int queuedBatches() {
        return batches.get();
    }

    @Override
    public void close() {
        onClose.accept(this);
        queue.clear();
        bytes.set(0);
        batches.set(0);
    }

    private EncodedBatch taken(EncodedBatch batch) {
        if (batch != null) {
            batches.decrementAndGet();
            bytes.addAndGet(-batch.frame().length);
        }
        return batch;
    }
}
