package io.fcrp.impl.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fcrp.api.LagPercentiles;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Lag semantics (issue 9: "lag never lies") on a clock the test moves. */
class ReplicationLagTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ReplicationLag lag = new ReplicationLag(now::get);

    @Test
    void beforeTheFirstCatchUpTheLagCountsFromTheStart() {
        now.addAndGet(2500);
        assertEquals(2500, lag.lagMillis());
        assertEquals(-1, lag.millisSinceLastFrame());
    }

    @Test
    void caughtUpTheLagIsTheAgeOfTheNewestAppliedRecordAndGrowsWhenNothingArrives() {
        now.addAndGet(10_000);
        lag.batchApplied(now.get() - 40, true);
        assertEquals(40, lag.lagMillis());
        now.addAndGet(5000); // stopped, backing off, or a quiet primary without heartbeats: the lag is never frozen
        assertEquals(5040, lag.lagMillis());
    }

    @Test
    void aBatchAppliedWhileBehindDoesNotMakeTheReplicaFresh() {
        now.addAndGet(10_000);
        lag.batchApplied(now.get() - 10, true);
        now.addAndGet(3000);
        lag.batchApplied(now.get() - 5, false); // more is known to be published: still 3 s since last current
        assertEquals(3010, lag.lagMillis());
    }

    @Test
    void heartbeatsOfACaughtUpReplicaKeepAQuietLinkNearZero() {
        lag.batchApplied(now.get() - 20, true);
        for (int i = 0; i < 30; i++) {
            now.addAndGet(1000);
            lag.frameArrived();
            lag.heartbeat(true);
            assertEquals(0, lag.lagMillis());
        }
        now.addAndGet(300);
        assertEquals(300, lag.lagMillis());
        assertEquals(300, lag.millisSinceLastFrame());
    }

    @Test
    void aHeartbeatThatShowsTheReplicaBehindLeavesTheLagGrowing() {
        lag.batchApplied(now.get(), true);
        now.addAndGet(4000);
        lag.heartbeat(false);
        assertEquals(4000, lag.lagMillis());
        assertEquals(
                4000, lag.percentiles().max(), 40, "the heartbeat's sample is the lag it saw (2 significant digits)");
    }

    @Test
    void percentilesCoverTheAppliedBatchesOfTheLastMinuteThenFallBackToTheCurrentLag() {
        for (int i = 1; i <= 1000; i++) {
            lag.batchApplied(now.get() - i, true);
        }
        LagPercentiles recent = lag.percentiles();
        assertEquals(1000, recent.samples());
        assertEquals(500, recent.p50(), 10);
        assertEquals(990, recent.p99(), 10);
        assertEquals(999, recent.p999(), 10);
        assertEquals(1000, recent.max(), 10);

        now.addAndGet(LagWindow.INTERVAL_MS * LagWindow.INTERVALS + 1);
        LagPercentiles empty = lag.percentiles();
        assertEquals(0, empty.samples());
        assertEquals(lag.lagMillis(), empty.p99(), "an empty window shows the current lag, never a healthy 0");
    }

    @Test
    void theWindowSlidesIntervalByInterval() {
        lag.batchApplied(now.get() - 5000, true); // one slow batch
        now.addAndGet(LagWindow.INTERVAL_MS);
        for (int i = 0; i < 99; i++) {
            lag.batchApplied(now.get() - 10, true);
        }
        assertEquals(5000, lag.percentiles().max(), 50);
        assertEquals(100, lag.percentiles().samples());
        now.addAndGet(LagWindow.INTERVAL_MS * (LagWindow.INTERVALS - 1));
        assertEquals(99, lag.percentiles().samples(), "the slow batch's interval left the window");
        assertEquals(10, lag.percentiles().max());
    }

    @Test
    void clockSkewNeverMakesTheLagNegative() {
        lag.batchApplied(now.get() + 7000, true); // the primary's clock is ahead
        assertEquals(0, lag.lagMillis());
        assertEquals(0, lag.percentiles().max());
    }
}
