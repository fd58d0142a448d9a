package io.fcrp.impl.replica;

import io.fcrp.api.LagPercentiles;
import java.util.function.LongSupplier;

/**
 * How stale a replica's data may be (see {@link io.fcrp.api.ReplicaStatus#lagMillis()}): the lag
 * is the time since {@link #freshAsOfMs}, the last moment up to which the replica is known to
 * hold everything the primary published, so it grows by itself whenever nothing proves the
 * replica current. Written by the replica's thread, read by any.
 */
final class ReplicationLag {

    private final LongSupplier clock;
    private final LagWindow window = new LagWindow();
    /** Before the first catch-up: when the replica started. */
    private volatile long freshAsOfMs;

    private volatile long lastFrameAtMs = -1;

    /** @param clock Unix milliseconds, the clock the primary's record timestamps are compared with */
    ReplicationLag(LongSupplier clock) {
        this.clock = clock;
        this.freshAsOfMs = clock.getAsLong();
    }

    /** A frame from the primary arrived. */
    void frameArrived() {
        lastFrameAtMs = clock.getAsLong();
    }

    /**
     * A batch was applied. Its lag (now minus the primary's timestamp of its newest record) is a
     * sample; when the replica then holds everything it has seen the primary publish, it is fresh
     * as of that timestamp.
     *
     * @param newestTimestampMs the primary's timestamp of the batch's newest record
     */
    void batchApplied(long newestTimestampMs, boolean caughtUp) {
        long now = clock.getAsLong();
        window.record(now - newestTimestampMs, now);
        if (caughtUp) {
            freshAsOfMs = Math.max(freshAsOfMs, Math.min(now, newestTimestampMs));
        }
    }

    /**
     * A heartbeat arrived: when the replica holds the watermarks it carries, it was current when
     * the primary sent it (a moment ago). Either way the lag then is a sample.
     */
    void heartbeat(boolean caughtUp) {
        long now = clock.getAsLong();
        if (caughtUp) {
            freshAsOfMs = now;
        }
        window.record(now - freshAsOfMs, now);
    }

    long lagMillis() {
        return Math.max(0, clock.getAsLong() - freshAsOfMs);
    }

    /** -1 before the first frame. */
    long millisSinceLastFrame() {
        long at = lastFrameAtMs;
        return at < 0 ? -1 : Math.max(0, clock.getAsLong() - at);
    }

    LagPercentiles percentiles() {
        long now = clock.getAsLong();
        return window.percentiles(now, Math.max(0, now - freshAsOfMs));
    }
}
