package io.fcrp.api;

/**
 * The service properties every FCRP service carries, and filters on them. An application picks
 * the services of one instance by name, e.g.
 * {@code @Reference(target = "(" + FcrpServices.INSTANCE + "=east)") KeyValueStore store}.
 *
 * <p>The roles are strings rather than an enum: they are service property values, which LDAP
 * filters match as text.
 */
public final class FcrpServices {

    /**
     * On every FCRP service: the instance name, {@code east} for the configuration
     * {@code io.fcrp.primary~east}; unique over the primaries and replicas of a container.
     */
    public static final String INSTANCE = "fcrp.instance";
    /** On every FCRP service: {@link #ROLE_PRIMARY} or {@link #ROLE_REPLICA}. */
    public static final String ROLE = "fcrp.role";
    /** The role of the services of a primary. */
    public static final String ROLE_PRIMARY = "primary";
    /** The role of the services of a replica. */
    public static final String ROLE_REPLICA = "replica";
    /** On a {@link ReplicationServer}: the address it listens on, {@code host:port}. */
    public static final String LISTEN_ADDRESS = "fcrp.listen.addr";
    /** On a {@link ReplicaClient} and its {@link KeyValueView}: the primary it follows, {@code host:port}. */
    public static final String UPSTREAM = "fcrp.replica.of";

    private FcrpServices() {}

    /** {@code (&(objectClass=<type>)(fcrp.instance=<instance>))}, the name escaped. */
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
