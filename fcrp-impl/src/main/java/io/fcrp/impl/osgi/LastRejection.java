package io.fcrp.impl.osgi;

import io.fcrp.api.FcrpServices;
import io.fcrp.impl.control.RejectedConfiguration;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Keeps the last rejection of one component's configuration published as a
 * {@link RejectedConfiguration} service (with {@code fcrp.role}, and {@code fcrp.instance} when
 * known). Used under the component's monitor.
 */
final class LastRejection {

    private final BundleContext context;
    private final String pid;
    private final String role;
    private ServiceRegistration<RejectedConfiguration> registration;

    LastRejection(BundleContext context, String pid, String role) {
        this.context = context;
        this.pid = pid;
        this.role = role;
    }

    /** Replaces the published rejection; {@code instance} may be null. */
    void record(String instance, String reason, String consequence) {
        withdraw();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(FcrpServices.ROLE, role);
        if (instance != null) {
            properties.put(FcrpServices.INSTANCE, instance);
        }
        registration = context.registerService(
                RejectedConfiguration.class,
                new RejectedConfiguration(pid, role, instance, reason, consequence, System.currentTimeMillis()),
                properties);
    }

    /** The configuration was accepted, or deleted: nothing to show any more. */
    void withdraw() {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
        registration = null;
    }
}
