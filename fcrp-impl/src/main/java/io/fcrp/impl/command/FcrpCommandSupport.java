package io.fcrp.impl.command;

import io.fcrp.api.ShardWatermarks;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.osgi.framework.BundleContext;

/** Base of the {@code fcrp:*} commands: access to the FCRP services by instance name. */
public abstract class FcrpCommandSupport implements Action {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Reference
    BundleContext bundleContext;

    Instances instances() {
        return new Instances(bundleContext);
    }

    /** Local date and time to the second, e.g. {@code 2026-12-02 14:03:11}. */
    static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * A summary of a watermark vector, {@code 16 shards: min 5, max 900, sum 9000}, or with
     * {@code every} all its values, {@code [3, 0]} (unsigned).
     */
    static String watermarks(ShardWatermarks watermarks, boolean every) {
        if (every) {
            return watermarks.toString();
        }
        double sum = watermarks.sum();
        // exact below 2^53; beyond, a double holds only about 16 digits, so say no more than 6
        String sumText = String.format(Locale.ROOT, sum < 0x1p53 ? "%.0f" : "%.6g", sum);
        return watermarks.size() + " shards: min " + Long.toUnsignedString(watermarks.min()) + ", max "
                + Long.toUnsignedString(watermarks.max()) + ", sum " + sumText;
    }
}
