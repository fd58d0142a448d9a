package io.fcrp.impl.command;

import java.util.Collection;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.fcrp.impl.osgi.ServiceProperties;

/** Finds FCRP services by instance name ({@code fcrp.instance}) in the service registry. */
final class Instances {

    private final BundleContext context;

    Instances(BundleContext context) {
        this.context = context;
    }

    /** The services of {@code type} by instance name (the highest ranked one when names repeat). */
    <T> SortedMap<String, ServiceReference<T>> of(Class<T> type) {
        Collection<ServiceReference<T>> references;
        try {
            references = context.getServiceReferences(type, "(" + ServiceProperties.INSTANCE + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        SortedMap<String, ServiceReference<T>> byName = new TreeMap<>();
        for (ServiceReference<T> reference : references) {
            String name = String.valueOf(reference.getProperty(ServiceProperties.INSTANCE));
            ServiceReference<T> other = byName.get(name);
            if (other == null || reference.compareTo(other) > 0) {
                byName.put(name, reference);
            }
        }
        return byName;
    }

    /** The service of {@code type} named {@code name}; fails with the known names when there is none. */
    <T> ServiceReference<T> require(Class<T> type, String name, String what) {
        SortedMap<String, ServiceReference<T>> all = of(type);
        ServiceReference<T> reference = all.get(name);
        if (reference == null) {
            throw new IllegalArgumentException("no " + what + " named '" + name + "'"
                    + (all.isEmpty() ? "" : " (there are: " + String.join(", ", all.keySet()) + ")"));
        }
        return reference;
    }

    /** Calls {@code action} with the service and releases it afterwards; null when the service is gone. */
    <T, R> R use(ServiceReference<T> reference, Function<T, R> action) {
        T service = context.getService(reference);
        if (service == null) {
            return null;
        }
        try {
            return action.apply(service);
        } finally {
            context.ungetService(reference);
        }
    }
}
