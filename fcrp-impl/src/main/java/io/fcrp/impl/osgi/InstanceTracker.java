package io.fcrp.impl.osgi;

import io.fcrp.api.FcrpServices;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Tracks the services of one type published for one instance name ({@code fcrp.instance}) and
 * calls back after every change; {@link #best()} is the highest ranked of them.
 */
final class InstanceTracker<T> implements ServiceTrackerCustomizer<T, T> {

    private final BundleContext context;
    private final Runnable onChange;
    private final ServiceTracker<T, T> tracker;
    private final Map<ServiceReference<T>, T> services = new ConcurrentHashMap<>();

    InstanceTracker(BundleContext context, Class<T> type, String instance, Runnable onChange) {
        this.context = context;
        this.onChange = onChange;
        try {
            this.tracker =
                    new ServiceTracker<>(context, context.createFilter(FcrpServices.filter(type, instance)), this);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("no service filter for instance name '" + instance + "'", e);
        }
    }

    void open() {
        tracker.open();
    }

    void close() {
        tracker.close();
    }

    /** The highest ranked service (the oldest among equals), or null. */
    T best() {
        return services.keySet().stream()
                .max(Comparator.naturalOrder())
                .map(services::get)
                .orElse(null);
    }

    @Override
    public T addingService(ServiceReference<T> reference) {
        T service = context.getService(reference);
        if (service != null) {
            services.put(reference, service);
            onChange.run();
        }
        return service;
    }

    @Override
    public void modifiedService(ServiceReference<T> reference, T service) {
        onChange.run();
    }

    @Override
    public void removedService(ServiceReference<T> reference, T service) {
        services.remove(reference);
        onChange.run();
        context.ungetService(reference);
    }
}
