package io.fcrp.impl.command;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Per-second rates of growing counters between two refreshes of {@code fcrp:watch}, and how they
 * are written. A counter seen for the first time, or lower than before (a restarted instance or
 * a new session), has no rate yet.
 */
final class Rates {

    /** {value, nanoTime} by counter, from the previous refresh and from this one. */
    private Map<String, double[]> previous = new HashMap<>();

    private Map<String, double[]> current = new HashMap<>();

    /** The rate of {@code counter} since the previous refresh, per second; NaN when there is none. */
    double perSecond(String counter, double value, long nanoTime) {
        current.put(counter, new double[] {value, nanoTime});
        double[] before = previous.get(counter);
        if (before == null || value < before[0] || nanoTime <= before[1]) {
            return Double.NaN;
        }
        return (value - before[0]) * 1e9 / (nanoTime - before[1]);
    }

    /** Ends a refresh: a counter not read in it (a closed session) is forgotten. */
    void next() {
        previous = current;
        current = new HashMap<>();
    }

    /** {@code 12,400} records (or anything) per second; {@code -} without a rate. */
    static String count(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** {@code 512 B}, {@code 12.3 KiB}, {@code 1.2 MiB}, {@code 3.4 GiB} (per second); {@code -} without a rate. */
    static String bytes(double perSecond) {
        if (Double.isNaN(perSecond)) {
            return "-";
        }
        if (perSecond < 1024) {
            return String.format(Locale.ROOT, "%.0f B", perSecond);
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = perSecond / 1024;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
