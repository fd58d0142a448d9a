package io.fcrp.healthcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The drops a primary check counts within its interval, from the readings it takes. */
class DropWindowTest {

    private static final long INTERVAL = 600_000;

    @Test
    void dropsCountFromTheFirstReadingUntilTheIntervalHasPassed() {
        DropWindow window = new DropWindow(0, 5);
        assertEquals(0, window.droppedWithin(1_000, 5, INTERVAL));
        assertEquals(2, window.droppedWithin(100_000, 7, INTERVAL));
        assertEquals(3, window.droppedWithin(500_000, 8, INTERVAL));
    }

    @Test
    void dropsOlderThanTheIntervalNoLongerCount() {
        DropWindow window = new DropWindow(0, 0);
        assertEquals(1, window.droppedWithin(100_000, 1, INTERVAL));
        assertEquals(2, window.droppedWithin(400_000, 2, INTERVAL));
        // the first drop was read at 100 s: from 700 s on it lies before the interval
        assertEquals(2, window.droppedWithin(650_000, 2, INTERVAL));
        assertEquals(1, window.droppedWithin(700_000, 2, INTERVAL));
        assertEquals(0, window.droppedWithin(1_000_000, 2, INTERVAL));
    }

    @Test
    void aNewServerCountingFromZeroAgainCountsItsDropsAsRecent() {
        DropWindow window = new DropWindow(0, 9);
        assertEquals(0, window.droppedWithin(10_000, 9, INTERVAL));
        assertEquals(1, window.droppedWithin(20_000, 1, INTERVAL));
        assertEquals(1, window.droppedWithin(30_000, 1, INTERVAL));
        assertEquals(0, window.droppedWithin(20_000 + INTERVAL, 1, INTERVAL));
    }

    @Test
    void manyReadingsOfAnUnchangedCountKeepNoHistory() {
        DropWindow window = new DropWindow(0, 3);
        for (long now = 1; now < 2_000_000; now += 1_000) {
            assertEquals(0, window.droppedWithin(now, 3, INTERVAL));
        }
        assertEquals(1, window.droppedWithin(2_000_000, 4, INTERVAL));
    }
}
