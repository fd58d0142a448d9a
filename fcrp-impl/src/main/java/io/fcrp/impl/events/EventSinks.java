package io.fcrp.impl.events;

import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an instance's {@link EventSink}. The bundle imports {@code org.osgi.service.event}
 * optionally: where no bundle exports it the sink drops every event, without an error.
 */
public final class EventSinks {

    private static final Logger LOG = LoggerFactory.getLogger(EventSinks.class);
    private static final String EVENT_ADMIN = "org.osgi.service.event.EventAdmin";

    private EventSinks() {}

    /** A sink that posts to the EventAdmin service while there is one; {@link EventSink#NONE} without its package. */
    public static EventSink open(BundleContext context, String instance, String role) {
        if (!eventAdminPackageWired()) {
            LOG.debug("FCRP {} '{}': no EventAdmin package, so no OSGi events", role, instance);
            return EventSink.NONE;
        }
        return new EventAdminSink(context, instance, role);
    }

    private static boolean eventAdminPackageWired() {
        try {
            Class.forName(EVENT_ADMIN, false, EventSinks.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
