package io.fcrp.impl.command;

import io.fcrp.api.FcrpServices;
import io.fcrp.api.PrimaryControl;
import io.fcrp.api.ReplicaClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.karaf.shell.support.CommandException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

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
            references = context.getServiceReferences(type, "(" + FcrpServices.INSTANCE + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        SortedMap<String, ServiceReference<T>> byName = new TreeMap<>();
        for (ServiceReference<T> reference : references) {
            String name = String.valueOf(reference.getProperty(FcrpServices.INSTANCE));
            ServiceReference<T> other = byName.get(name);
            if (other == null || reference.compareTo(other) > 0) {
                byName.put(name, reference);
            }
        }
        return byName;
    }

    /** Every service of {@code type}, with or without an instance name: immutable values, read after release. */
    <T> List<T> values(Class<T> type) {
        List<T> services = new ArrayList<>();
        try {
            for (ServiceReference<T> reference : context.getServiceReferences(type, null)) {
                T service = use(reference, found -> found);
                if (service != null) {
                    services.add(service);
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return services;
    }

    /**
     * The service of {@code type} named {@code name}.
     *
     * @throws CommandException naming every primary and replica when there is none (the shell
     *         prints the message and the command ends with a non-zero status)
     */
    <T> ServiceReference<T> require(Class<T> type, String name, String what) throws CommandException {
        ServiceReference<T> reference = of(type).get(name);
        if (reference == null) {
            throw unknown(what, name);
        }
        return reference;
    }

    /** "no replica named 'x'; primaries: a, b; replicas: none": what the operator can name instead. */
    CommandException unknown(String what, String name) {
        return new CommandException("no " + what + " named '" + name + "'; primaries: "
                + list(of(PrimaryControl.class).keySet()) + "; replicas: "
                + list(of(ReplicaClient.class).keySet()));
    }

    private static String list(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
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
