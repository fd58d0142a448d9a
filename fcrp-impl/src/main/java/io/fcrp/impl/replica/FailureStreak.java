package io.fcrp.impl.replica;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Failed attempts to replicate in a row, so that a primary that stays unreachable is reported
 * once, then summed up periodically ("still cannot reach … after 12 attempts, 60 s") instead of
 * at every retry. Used by the replica's thread only.
 */
final class FailureStreak {

    /** What a failure calls for. */
    enum Report {
        /** The first failure of a streak: worth a WARN. */
        FIRST,
        /** A periodic summary is due. */
        SUMMARY,
        /** Nothing above DEBUG. */
        QUIET
    }

    static final long SUMMARY_EVERY_MS = TimeUnit.SECONDS.toMillis(60);

    private final LongSupplier clock;
    private int attempts;
    private long firstFailureMs;
    private long lastReportMs;

    /** @param clock milliseconds, monotonic enough for summaries */
    FailureStreak(LongSupplier clock) {
        this.clock = clock;
    }

    Report failed() {
        long now = clock.getAsLong();
        attempts++;
        if (attempts == 1) {
            firstFailureMs = now;
            lastReportMs = now;
            return Report.FIRST;
        }
        if (now - lastReportMs >= SUMMARY_EVERY_MS) {
            lastReportMs = now;
            return Report.SUMMARY;
        }
        return Report.QUIET;
    }

    /** Ends the streak; returns the failed attempts it had (0 when there was none). */
    int succeeded() {
        int had = attempts;
        attempts = 0;
        return had;
    }

    int attempts() {
        return attempts;
    }

    /** Seconds since the streak's first failure. */
    long seconds() {
        return TimeUnit.MILLISECONDS.toSeconds(clock.getAsLong() - firstFailureMs);
    }
}
