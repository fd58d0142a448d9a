package io.fcrp.itests;

import io.fcrp.testkit.Poll;
import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

/**
 * Config Admin tells its listeners (Declarative Services, FileInstall, Karaf's JSON configurations)
 * of each change one after another, on a thread of its own. A test that deletes a configuration
 * while a listener is still busy with its last change races that listener: FileInstall logs "Unable
 * to save configuration", or asks for the configuration by its PID and so makes an empty one of that
 * PID, which a factory configuration created again under the same name then never becomes.
 * {@link #awaitDelivered()} waits until every change made so far has been told: it changes a marker
 * configuration, whose event comes after theirs.
 */
final class ConfigurationEvents implements ConfigurationListener, AutoCloseable {

    private static final String MARKER_PID = "io.fcrp.itests.marker";

    private final ConfigurationAdmin configurationAdmin;
    private final ServiceRegistration<ConfigurationListener> registration;
    private final AtomicLong markersDelivered = new AtomicLong();
    private long markersSent;

    ConfigurationEvents(BundleContext context, ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
        registration = context.registerService(ConfigurationListener.class, this, null);
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (MARKER_PID.equals(event.getPid())) {
            markersDelivered.incrementAndGet();
        }
    }

    /** Waits until Config Admin's listeners have been told of every change made so far. */
    void awaitDelivered() throws IOException {
        long sent = ++markersSent;
        configurationAdmin.getConfiguration(MARKER_PID, "?").update(new Hashtable<>(Map.of("marker", sent)));
        Poll.until(
                "Config Admin's listeners told of every change so far",
                FcrpKarafTestSupport.TIMEOUT,
                () -> markersDelivered.get() >= sent);
    }

    @Override
    public void close() {
        registration.unregister();
    }
}
