package io.fcrp.impl.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fcrp.impl.protocol.FrameKind;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Finding 4 of issue 8: when a silent primary is taken for gone. */
class IdleWatchTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void withoutHeartbeatsAQuietPrimaryIsNeverTakenForGone() {
        IdleWatch watch = new IdleWatch(0, 0);
        watch.frameReceived(FrameKind.MUTATION_BATCH, SECOND);
        watch.frameReceived(FrameKind.ACK, 2 * SECOND); // one heartbeat gives no period yet
        assertEquals(0, watch.timeoutNanos());
        assertNull(watch.silence(0, 3600 * SECOND));
    }

    @Test
    void twoHeartbeatsInARowArmFourOfTheirPeriods() {
        IdleWatch watch = new IdleWatch(0, 0);
        watch.frameReceived(FrameKind.ACK, SECOND);
        watch.frameReceived(FrameKind.ACK, 2 * SECOND);
        assertEquals(IdleWatch.MISSED_HEARTBEATS * SECOND, watch.timeoutNanos());
        assertNull(watch.silence(0, 2 * SECOND + 4 * SECOND - 1));
        String silence = watch.silence(0, 6 * SECOND);
        assertNotNull(silence);
        assertEquals("nothing received for 4000 ms (4 heartbeat periods of 1000 ms)", silence);
    }

    @Test
    void aHeartbeatAfterDataGivesNoPeriod() {
        IdleWatch watch = new IdleWatch(0, 0);
        watch.frameReceived(FrameKind.ACK, SECOND);
        watch.frameReceived(FrameKind.MUTATION_BATCH, SECOND + 1);
        watch.frameReceived(FrameKind.ACK, SECOND + 2); // the replica read data late: 2 ns is no period
        assertEquals(0, watch.timeoutNanos());
    }

    @Test
    void theBytesOfAHeartbeatDoNotShortenItsPeriod() {
        IdleWatch watch = new IdleWatch(0, 0);
        watch.frameReceived(FrameKind.ACK, SECOND);
        assertNull(watch.silence(148, SECOND + SECOND / 10)); // the check after the heartbeat sees its bytes
        watch.frameReceived(FrameKind.ACK, 2 * SECOND);
        assertEquals(IdleWatch.MISSED_HEARTBEATS * SECOND, watch.timeoutNanos());
    }

    @Test
    void theAutomaticTimeoutHasAFloor() {
        IdleWatch watch = new IdleWatch(0, 0);
        watch.frameReceived(FrameKind.ACK, 10);
        watch.frameReceived(FrameKind.ACK, 20);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(IdleWatch.MIN_AUTOMATIC_MS), watch.timeoutNanos());
    }

    @Test
    void bytesOfAFrameStillArrivingAreNoSilence() {
        IdleWatch watch = new IdleWatch(1000, 0);
        assertNull(watch.silence(100, 900_000_000L));
        assertNull(watch.silence(200, 1_800_000_000L), "bytes kept arriving");
        assertEquals("nothing received for 1000 ms (idle.timeout.ms 1000)", watch.silence(200, 2_800_000_000L));
    }

    @Test
    void aConfiguredTimeoutAppliesWithoutHeartbeats() {
        IdleWatch watch = new IdleWatch(2500, 0);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(2500), watch.timeoutNanos());
        assertNull(watch.silence(0, 2 * SECOND));
        assertNotNull(watch.silence(0, 3 * SECOND));
    }
}
