package io.fcrp.impl.primary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connections waiting for their Hello, oldest first, with a bound that is fair between
 * addresses: when one more arrives than the bound allows, the oldest handshake of the address with
 * the most pending ones gives way. A client that holds every slot from one address therefore
 * cannot keep out a replica from another, and a replica that sends its Hello at once (as every
 * replica does) is done long before it could become the oldest. Used by one thread.
 *
 * @param <H> what identifies a connection
 */
final class PendingHandshakes<H> {

    private final Map<H, Pending> byAge = new LinkedHashMap<>();
    private final Map<String, Integer> perAddress = new HashMap<>();

    /**
     * Adds a handshake that must complete by {@code deadlineNanos} ({@link System#nanoTime()});
     * returns the handshakes to close so that at most {@code limit} stay pending (empty when none).
     */
    List<H> add(H handle, String address, long deadlineNanos, int limit) {
        byAge.put(handle, new Pending(address, deadlineNanos));
        perAddress.merge(address, 1, Integer::sum);
        List<H> evicted = new ArrayList<>();
        while (byAge.size() > limit) {
            H oldest = oldestOfBusiestAddress();
            remove(oldest);
            evicted.add(oldest);
        }
        return evicted;
    }

    /** Forgets a handshake that completed or failed; false when it was not pending. */
    boolean remove(H handle) {
        Pending pending = byAge.remove(handle);
        if (pending == null) {
            return false;
        }
        perAddress.computeIfPresent(pending.address, (address, count) -> count == 1 ? null : count - 1);
        return true;
    }

    /** Removes and returns the handshakes whose deadline has passed. */
    List<H> expire(long nowNanos) {
        List<H> expired = new ArrayList<>();
        for (Map.Entry<H, Pending> entry : byAge.entrySet()) {
            if (nowNanos - entry.getValue().deadlineNanos >= 0) {
                expired.add(entry.getKey());
            }
        }
        expired.forEach(this::remove);
        return expired;
    }

    /** Nanoseconds until the next deadline (0 when one has passed), or -1 when nothing is pending. */
    long nanosUntilNextDeadline(long nowNanos) {
        long next = -1;
        for (Pending pending : byAge.values()) {
            long remaining = Math.max(0, pending.deadlineNanos - nowNanos);
            next = next < 0 ? remaining : Math.min(next, remaining);
        }
        return next;
    }

    int size() {
        return byAge.size();
    }

    /** Pending handshakes from {@code address}. */
    int from(String address) {
        return perAddress.getOrDefault(address, 0);
    }

    /** Removes and returns every pending handshake. */
    List<H> clear() {
        List<H> all = new ArrayList<>(byAge.keySet());
        byAge.clear();
        perAddress.clear();
        return all;
    }

    /** The first (oldest) handshake whose address has the most pending ones. */
    private H oldestOfBusiestAddress() {
        int most = 0;
        for (int count : perAddress.values()) {
            most = Math.max(most, count);
        }
        Iterator<Map.Entry<H, Pending>> entries = byAge.entrySet().iterator();
        while (true) {
            Map.Entry<H, Pending> entry = entries.next();
            if (perAddress.get(entry.getValue().address) == most) {
                return entry.getKey();
            }
        }
    }

    private static final class Pending {
        final String address;
        final long deadlineNanos;

        Pending(String address, long deadlineNanos) {
            this.address = address;
            this.deadlineNanos = deadlineNanos;
        }
    }
}
