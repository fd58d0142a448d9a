package io.fcrp.impl.osgi;

import java.util.Hashtable;

/** The service properties FCRP services carry, and filters on them. */
public final class ServiceProperties {

    /** The instance name: {@code east} for the configuration {@code io.fcrp.primary~east}. */
    public static final String INSTANCE = "fcrp.instance";
    /** {@code primary} or {@code replica}. */
    public static final String ROLE = "fcrp.role";
    /** Role of the services of a primary instance. */
    public static final String PRIMARY = "primary";
    /** Role of the services of a replica instance. */
    public static final String REPLICA = "replica";
    /** On a {@code ReplicationServer}: the address it listens on. */
    public static final String LISTEN_ADDRESS = "fcrp.listen.addr";
    /** On a {@code ReplicaClient}: the primary it follows. */
    public static final String UPSTREAM = "fcrp.replica.of";
    /** The whiteboard property that makes a service an MBean. */
    public static final String JMX_OBJECT_NAME = "jmx.objectname";

    private ServiceProperties() {
    }

    /** {@code fcrp.instance} and {@code fcrp.role}. */
    public static Hashtable<String, Object> of(String instance, String role) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(INSTANCE, instance);
        properties.put(ROLE, role);
        return properties;
    }

    /** {@code (&(objectClass=<type>)(fcrp.instance=<instance>))}. */
    public static String filter(Class<?> type, String instance) {
        return "(&(objectClass=" + type.getName() + ")(" + INSTANCE + "=" + escape(instance) + "))";
    }

    /** Escapes a value for an LDAP filter (RFC 1960: backslash, asterisk and parentheses). */
    public static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
