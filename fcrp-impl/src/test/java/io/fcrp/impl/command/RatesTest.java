package io.fcrp.impl.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** fcrp:watch's rates between refreshes and how they are written. */
class RatesTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aRateIsTheGrowthSinceThePreviousRefreshPerSecond() {
        Rates rates = new Rates();
        assertTrue(Double.isNaN(rates.perSecond("applied", 1_000, 0)), "no rate at first sight");
        rates.next();
        assertEquals(2_500.0, rates.perSecond("applied", 6_000, 2 * SECOND), 1e-9);
        rates.next();
        assertEquals(0.0, rates.perSecond("applied", 6_000, 3 * SECOND), 1e-9);
    }

    @Test
    void aCounterThatWentBackOrWasNotReadLastTimeHasNoRate() {
        Rates rates = new Rates();
        rates.perSecond("bytes", 5_000, 0);
        rates.perSecond("session 1", 10, 0);
        rates.next();
        assertTrue(Double.isNaN(rates.perSecond("bytes", 100, SECOND)), "a restarted instance counts from 0 again");
        rates.next();
        assertEquals(400.0, rates.perSecond("bytes", 500, 2 * SECOND), 1e-9);
        assertTrue(Double.isNaN(rates.perSecond("session 1", 20, 2 * SECOND)), "not read in the refresh before");
    }

    @Test
    void countsAndBytesAreWrittenForPeople() {
        assertEquals("-", Rates.count(Double.NaN));
        assertEquals("12,400", Rates.count(12_399.6));
        assertEquals("0", Rates.count(0));
        assertEquals("-", Rates.bytes(Double.NaN));
        assertEquals("512 B", Rates.bytes(512));
        assertEquals("12.3 KiB", Rates.bytes(12.3 * 1024));
        assertEquals("1.5 MiB", Rates.bytes(1.5 * 1024 * 1024));
        assertEquals("2.0 GiB", Rates.bytes(2.0 * 1024 * 1024 * 1024));
    }
}
