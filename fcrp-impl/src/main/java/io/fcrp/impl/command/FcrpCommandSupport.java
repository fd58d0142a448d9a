package io.fcrp.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.osgi.framework.BundleContext;

/** Base of the {@code fcrp:*} commands: access to the FCRP services by instance name. */
public abstract class FcrpCommandSupport implements Action {

    @Reference
    BundleContext bundleContext;

    Instances instances() {
        return new Instances(bundleContext);
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
