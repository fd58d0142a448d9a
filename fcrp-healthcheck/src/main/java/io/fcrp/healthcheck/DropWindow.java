package io.fcrp.healthcheck;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * How many replicas a primary dropped within the last interval, from the readings of its
 * cumulative counter that the checks take. The baseline is the newest reading at or before the
 * start of the interval (or the first one, taken when the check was created), so the figure
 * covers at least the interval. Only readings that changed the count are kept.
 */
final class DropWindow {

    /** {time ms, count}, oldest first. */
    private final Deque<long[]> readings = new ArrayDeque<>();

    DropWindow(long nowMs, long count) {
        readings.add(new long[] {nowMs, count});
    }

    /** Records {@code count} read at {@code nowMs} and returns the drops within {@code intervalMs} before it. */
    synchronized long droppedWithin(long nowMs, long count, long intervalMs) {
        long last = readings.getLast()[1];
        if (count < last) {
            // a new server counts from 0: its drops so far are all recent
            readings.clear();
            readings.add(new long[] {nowMs, 0});
        }
        if (count != readings.getLast()[1]) {
            readings.addLast(new long[] {nowMs, count});
        }
        long windowStart = nowMs - intervalMs;
        while (readings.size() > 1 && secondOldest()[0] <= windowStart) {
            readings.removeFirst();
        }
        return count - readings.getFirst()[1];
    }

    private long[] secondOldest() {
        Iterator<long[]> oldestFirst = readings.iterator();
        oldestFirst.next();
        return oldestFirst.next();
    }
}
