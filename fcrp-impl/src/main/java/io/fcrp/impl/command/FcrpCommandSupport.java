package io.fcrp.impl.command;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.osgi.framework.BundleContext;

/** Base of the {@code fcrp:*} commands: access to the FCRP services by instance name. */
public abstract class FcrpCommandSupport implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Reference
    BundleContext bundleContext;

    Instances instances() {
        return new Instances(bundleContext);
    }

    /** Local date and time to the second, e.g. {@code 2026-12-02 14:03:11}. */
    static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Unsigned decimal values, e.g. {@code [3, 0]}. */
    static String watermarks(long[] values) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(Long.toUnsignedString(values[i]));
        }
        return text.append(']').toString();
    }
}
