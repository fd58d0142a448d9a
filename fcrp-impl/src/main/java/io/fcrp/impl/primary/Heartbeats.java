package io.fcrp.impl.primary;

import java.util.concurrent.TimeUnit;

/**
 * When a session sends a heartbeat and whether its replica is still there. After
 * {@code heartbeat.interval.ms} without a write the primary sends an Ack frame carrying its
 * watermarks: a v1 frame that the reference replica ignores (spec §4.2), and that a Java replica
 * takes as a sign of life and answers with an Ack of its own. A replica that has answered once
 * and then leaves {@link #MISSED_BEFORE_GONE} heartbeats in a row unanswered is gone. One that
 * never answers (the reference) gets no more heartbeats after {@link #UNANSWERED_BEFORE_GIVING_UP}:
 * an idle link must carry no unacknowledged bytes for TCP keep-alive to probe it. Used by the
 * session's thread only.
 */
final class Heartbeats {

    static final int MISSED_BEFORE_GONE = 3;
    static final int UNANSWERED_BEFORE_GIVING_UP = 5;

    private final long intervalNanos;
    private long lastWriteNanos;
    private int unanswered;
    private boolean answering;
    private boolean givenUp;

    /** @param intervalMs 0 for no heartbeats */
    Heartbeats(long intervalMs, long nowNanos) {
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.lastWriteNanos = nowNanos;
    }

    /** Something was written to the replica. */
    void wrote(long nowNanos) {
        lastWriteNanos = nowNanos;
    }

    /** The replica answered a heartbeat. */
    void answered() {
        answering = true;
        unanswered = 0;
    }

    /** A heartbeat was written. */
    void sent(long nowNanos) {
        lastWriteNanos = nowNanos;
        unanswered++;
        if (!answering && unanswered >= UNANSWERED_BEFORE_GIVING_UP) {
            givenUp = true;
        }
    }

    /** Nanoseconds until the next heartbeat is due (0 when it is), {@link Long#MAX_VALUE} when none will be. */
    long nanosUntilDue(long nowNanos) {
        if (intervalNanos == 0 || givenUp) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, lastWriteNanos + intervalNanos - nowNanos);
    }

    /** True when a replica that answers heartbeats has left the last {@link #MISSED_BEFORE_GONE} unanswered. */
    boolean replicaGone() {
        return answering && unanswered >= MISSED_BEFORE_GONE;
    }

    /** How long the replica has been silent, for the log, in ms. */
    long silenceMillis() {
        return TimeUnit.NANOSECONDS.toMillis(intervalNanos * unanswered);
    }
}
