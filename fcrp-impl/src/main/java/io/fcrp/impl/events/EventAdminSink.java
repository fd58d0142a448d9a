package io.fcrp.impl.events;

import java.util.HashMap;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Posts an instance's events (asynchronously) to the EventAdmin service while there is one; the
 * properties are the event's figures plus {@code instance} and {@code role}. Only loaded when the
 * bundle is wired to {@code org.osgi.service.event} (see {@link EventSinks}).
 */
final class EventAdminSink implements EventSink {

    /** The instance name, a property of every event. */
    static final String INSTANCE = "instance";
    /** {@code primary} or {@code replica}, a property of every event. */
    static final String ROLE = "role";

    private final ServiceTracker<EventAdmin, EventAdmin> tracker;
    private final String instance;
    private final String role;

    EventAdminSink(BundleContext context, String instance, String role) {
        this.tracker = new ServiceTracker<>(context, EventAdmin.class, null);
        this.instance = instance;
        this.role = role;
        tracker.open();
    }

    @Override
    public void post(String topic, Map<String, Object> figures) {
        EventAdmin admin = tracker.getService();
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>(figures);
        properties.put(INSTANCE, instance);
        properties.put(ROLE, role);
        admin.postEvent(new Event(topic, properties));
    }

    @Override
    public void close() {
        tracker.close();
    }
}
