package io.fcrp.impl.osgi;

import io.fcrp.api.FcrpServices;
import java.util.Hashtable;

/** The properties the components register FCRP services with (names and values in {@link FcrpServices}). */
final class ServiceProperties {

    /** The whiteboard property that makes a service an MBean. */
    static final String JMX_OBJECT_NAME = "jmx.objectname";

    private ServiceProperties() {}

    /** {@code fcrp.instance} and {@code fcrp.role}. */
    static Hashtable<String, Object> of(String instance, String role) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(FcrpServices.INSTANCE, instance);
        properties.put(FcrpServices.ROLE, role);
        return properties;
    }
}
