package io.fcrp.impl.replica;

import io.fcrp.api.LagPercentiles;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Lag samples of the last minute, in six rotating 10-second histograms: recording is one
 * uncontended lock and a counter increment, reading adds up the histograms that are still in the
 * window. Lags are kept to two significant digits, up to a day (longer ones count as a day).
 */
final class LagWindow {

    static final long INTERVAL_MS = TimeUnit.SECONDS.toMillis(10);
    static final int INTERVALS = 6;
    static final long HIGHEST_MS = TimeUnit.DAYS.toMillis(1);
    private static final int SIGNIFICANT_DIGITS = 2;

    private final Histogram[] intervals = new Histogram[INTERVALS];
    /** The interval number ({@code nowMs / INTERVAL_MS}) each histogram holds. */
    private final long[] intervalOf = new long[INTERVALS];

    private final Histogram total = new Histogram(HIGHEST_MS, SIGNIFICANT_DIGITS);

    LagWindow() {
        for (int i = 0; i < INTERVALS; i++) {
            intervals[i] = new Histogram(HIGHEST_MS, SIGNIFICANT_DIGITS);
            intervalOf[i] = -1;
        }
    }

    synchronized void record(long lagMs, long nowMs) {
        long interval = nowMs / INTERVAL_MS;
        int slot = (int) (interval % INTERVALS);
        if (intervalOf[slot] != interval) {
            intervals[slot].reset();
            intervalOf[slot] = interval;
        }
        intervals[slot].recordValue(Math.max(0, Math.min(HIGHEST_MS, lagMs)));
    }

    /** The percentiles of the window; with no sample in it, {@code currentLagMs} for each. */
    synchronized LagPercentiles percentiles(long nowMs, long currentLagMs) {
        long oldest = nowMs / INTERVAL_MS - (INTERVALS - 1);
        total.reset();
        for (int slot = 0; slot < INTERVALS; slot++) {
            if (intervalOf[slot] >= oldest) {
                total.add(intervals[slot]);
            }
        }
        long samples = total.getTotalCount();
        if (samples == 0) {
            return LagPercentiles.without(currentLagMs);
        }
        return new LagPercentiles(
                total.getValueAtPercentile(50),
                total.getValueAtPercentile(99),
                total.getValueAtPercentile(99.9),
                total.getMaxValue(),
                samples);
    }
}
