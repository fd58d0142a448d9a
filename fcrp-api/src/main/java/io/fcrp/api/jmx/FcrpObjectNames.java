package io.fcrp.api.jmx;

import java.util.regex.Pattern;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The ObjectNames of FCRP MBeans: {@code io.fcrp:type=<Kind>,name=<instance>}. An instance name
 * made only of letters, digits, {@code .}, {@code _} and {@code -} is used as it is; any other
 * name is quoted with {@link ObjectName#quote(String)}.
 */
public final class FcrpObjectNames {

    /** The JMX domain of every FCRP MBean. */
    public static final String DOMAIN = "io.fcrp";
    /** {@code type} of the {@link ReplicationPrimaryMBean}s. */
    public static final String TYPE_REPLICATION_PRIMARY = "ReplicationPrimary";
    /** {@code type} of the {@link SnapshotProviderMBean}s. */
    public static final String TYPE_SNAPSHOT_PROVIDER = "SnapshotProvider";
    /** {@code type} of the {@link ReplicaClientMBean}s. */
    public static final String TYPE_REPLICA_CLIENT = "ReplicaClient";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]+");

    private FcrpObjectNames() {}

    /** {@code io.fcrp:type=ReplicationPrimary,name=<instance>}. */
    public static ObjectName replicationPrimary(String instance) {
        return of(TYPE_REPLICATION_PRIMARY, instance);
    }

    /** {@code io.fcrp:type=SnapshotProvider,name=<instance>}. */
    public static ObjectName snapshotProvider(String instance) {
        return of(TYPE_SNAPSHOT_PROVIDER, instance);
    }

    /** {@code io.fcrp:type=ReplicaClient,name=<instance>}. */
    public static ObjectName replicaClient(String instance) {
        return of(TYPE_REPLICA_CLIENT, instance);
    }

    /**
     * {@code io.fcrp:type=<type>,name=<instance>}, the instance name quoted when it holds
     * characters other than letters, digits, {@code .}, {@code _} and {@code -}.
     */
    public static ObjectName of(String type, String instance) {
        String value = PLAIN.matcher(instance).matches() ? instance : ObjectName.quote(instance);
        try {
            return new ObjectName(DOMAIN + ":type=" + type + ",name=" + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(
                    "no valid ObjectName for type " + type + " and instance '" + instance + "': " + e.getMessage(), e);
        }
    }
}
