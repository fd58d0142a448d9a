package io.fcrp.impl.primary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Finding 4 of issue 8: when the primary sends heartbeats and when it takes a replica for gone. */
class HeartbeatsTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aHeartbeatIsDueAfterAnIntervalWithoutWrites() {
        Heartbeats heartbeats = new Heartbeats(1000, 0);
        assertEquals(SECOND, heartbeats.nanosUntilDue(0));
        heartbeats.wrote(SECOND / 2);
        assertEquals(SECOND, heartbeats.nanosUntilDue(SECOND / 2));
        assertEquals(0, heartbeats.nanosUntilDue(3 * SECOND));
    }

    @Test
    void noIntervalMeansNoHeartbeats() {
        assertEquals(Long.MAX_VALUE, new Heartbeats(0, 0).nanosUntilDue(100 * SECOND));
    }

    @Test
    void aReplicaThatAnswersIsGoneAfterThreeUnansweredHeartbeats() {
        Heartbeats heartbeats = new Heartbeats(1000, 0);
        heartbeats.sent(SECOND);
        heartbeats.answered();
        for (int i = 2; i <= 1 + Heartbeats.MISSED_BEFORE_GONE; i++) {
            assertFalse(heartbeats.replicaGone(), "after " + (i - 2) + " unanswered");
            heartbeats.sent(i * SECOND);
        }
        assertTrue(heartbeats.replicaGone());
        assertEquals(3000, heartbeats.silenceMillis());
        heartbeats.answered();
        assertFalse(heartbeats.replicaGone(), "a late answer counts");
    }

    @Test
    void aReplicaThatNeverAnswersIsNotGoneButGetsNoMoreHeartbeats() {
        Heartbeats heartbeats = new Heartbeats(1000, 0);
        for (int i = 1; i <= Heartbeats.UNANSWERED_BEFORE_GIVING_UP; i++) {
            assertTrue(heartbeats.nanosUntilDue(i * SECOND) == 0, "heartbeat " + i + " is due");
            heartbeats.sent(i * SECOND);
            assertFalse(heartbeats.replicaGone(), "the reference replica never answers and is not gone");
        }
        assertEquals(
                Long.MAX_VALUE,
                heartbeats.nanosUntilDue(100 * SECOND),
                "keep-alive needs an idle link without unacknowledged bytes");
    }
}
