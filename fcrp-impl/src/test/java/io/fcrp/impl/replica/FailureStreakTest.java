package io.fcrp.impl.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A primary that stays unreachable is reported once, then summed up once a minute. */
class FailureStreakTest {

    @Test
    void firstThenQuietThenASummaryAMinute() {
        AtomicLong now = new AtomicLong();
        FailureStreak streak = new FailureStreak(now::get);
        assertEquals(FailureStreak.Report.FIRST, streak.failed());
        for (int i = 0; i < 11; i++) {
            now.addAndGet(5000);
            assertEquals(FailureStreak.Report.QUIET, streak.failed(), "retry " + (i + 1) + " within the minute");
        }
        assertEquals(12, streak.attempts());
        assertEquals(55, streak.seconds());
        now.addAndGet(5000);
        assertEquals(FailureStreak.Report.SUMMARY, streak.failed());
        assertEquals(13, streak.succeeded());
        assertEquals(FailureStreak.Report.FIRST, streak.failed(), "a new streak is reported again");
    }
}
