package io.fcrp.impl.primary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding 8 of issue 8: the bound on handshakes and its fairness between addresses. */
class PendingHandshakesTest {

    private static final long DEADLINE = 1_000_000;

    @Test
    void withinTheBoundNothingGivesWay() {
        PendingHandshakes<String> pending = new PendingHandshakes<>();
        for (int i = 0; i < 4; i++) {
            assertEquals(List.of(), pending.add("a" + i, "10.0.0.1", DEADLINE, 4));
        }
        assertEquals(4, pending.size());
        assertEquals(4, pending.from("10.0.0.1"));
    }

    @Test
    void theOldestHandshakeOfTheBusiestAddressGivesWay() {
        PendingHandshakes<String> pending = new PendingHandshakes<>();
        pending.add("b0", "10.0.0.2", DEADLINE, 4);
        pending.add("a0", "10.0.0.1", DEADLINE, 4);
        pending.add("a1", "10.0.0.1", DEADLINE, 4);
        pending.add("b1", "10.0.0.2", DEADLINE, 4);
        // two addresses with two each: the oldest of both gives way
        assertEquals(List.of("b0"), pending.add("c0", "10.0.0.3", DEADLINE, 4));
        // now 10.0.0.1 has the most
        assertEquals(List.of("a0"), pending.add("c1", "10.0.0.3", DEADLINE, 4));
    }

    @Test
    void aFloodFromOneAddressNeverPushesOutAHandshakeFromAnother() {
        PendingHandshakes<String> pending = new PendingHandshakes<>();
        for (int i = 0; i < 16; i++) {
            pending.add("attacker" + i, "10.0.0.66", DEADLINE, 16);
        }
        assertEquals(List.of("attacker0"), pending.add("replica", "10.0.0.7", DEADLINE, 16));
        for (int i = 16; i < 1000; i++) {
            List<String> evicted = pending.add("attacker" + i, "10.0.0.66", DEADLINE, 16);
            assertEquals(1, evicted.size());
            assertTrue(evicted.get(0).startsWith("attacker"), evicted.toString());
        }
        assertEquals(1, pending.from("10.0.0.7"));
        assertEquals(16, pending.size());
    }

    @Test
    void aSmallerBoundClosesAsManyAsNeeded() {
        PendingHandshakes<String> pending = new PendingHandshakes<>();
        for (int i = 0; i < 5; i++) {
            pending.add("a" + i, "10.0.0.1", DEADLINE, 8);
        }
        assertEquals(List.of("a0", "a1", "a2"), pending.add("a5", "10.0.0.1", DEADLINE, 3));
    }

    @Test
    void deadlinesExpireWhateverTheOrderTheyWereGiven() {
        PendingHandshakes<String> pending = new PendingHandshakes<>();
        assertEquals(-1, pending.nanosUntilNextDeadline(0));
        pending.add("late", "10.0.0.1", 500, 8);
        pending.add("early", "10.0.0.2", 100, 8);
        assertEquals(60, pending.nanosUntilNextDeadline(40));
        assertEquals(List.of(), pending.expire(99));
        assertEquals(List.of("early"), pending.expire(100));
        assertEquals(0, pending.nanosUntilNextDeadline(600));
        assertEquals(List.of("late"), pending.expire(600));
        assertEquals(0, pending.size());
        assertEquals(0, pending.from("10.0.0.1"));
    }

    @Test
    void aCompletedHandshakeIsForgotten() {
        PendingHandshakes<String> pending = new PendingHandshakes<>();
        pending.add("a", "10.0.0.1", DEADLINE, 8);
        assertTrue(pending.remove("a"));
        assertEquals(false, pending.remove("a"));
        assertEquals(0, pending.from("10.0.0.1"));
        assertEquals(List.of(), pending.clear());
    }
}
