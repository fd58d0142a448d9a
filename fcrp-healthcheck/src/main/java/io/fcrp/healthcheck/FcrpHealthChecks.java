package io.fcrp.healthcheck;

import io.fcrp.api.FcrpServices;
import io.fcrp.api.PrimaryControl;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.jmx.FcrpObjectNames;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.felix.hc.api.HealthCheck;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Publishes one Felix {@link HealthCheck} per FCRP primary and replica of the container (tag
 * {@code fcrp}, and {@code fcrp-primary} or {@code fcrp-replica}), each also an MBean
 * {@code org.apache.felix.healthcheck:type=HealthCheck,name=fcrp-<role>-<instance>}. The
 * thresholds come from the configuration {@code io.fcrp.healthcheck}; without one the defaults
 * apply.
 */
@Component(
        name = FcrpHealthChecks.PID,
        configurationPid = FcrpHealthChecks.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true,
        service = {})
@Designate(ocd = FcrpHealthChecks.Config.class)
public final class FcrpHealthChecks {

    /** The configuration PID of the thresholds. */
    public static final String PID = "io.fcrp.healthcheck";
    /** The tag of every FCRP health check. */
    public static final String TAG = "fcrp";

    /** The thresholds of the FCRP health checks; names and defaults are those of the README's table. */
    @ObjectClassDefinition(
            id = PID,
            name = "FCRP health checks",
            description = "Thresholds of the Felix Health Checks of every FCRP primary and replica (tag fcrp).")
    public @interface Config {

        @AttributeDefinition(
                name = "Highest lag p99 in ms",
                min = "0",
                description = "A streaming replica whose lag p99 over the last minute is above this is WARN.")
        long lag_p99_max_ms() default 1000;

        @AttributeDefinition(
                name = "Longest time not streaming in ms",
                min = "0",
                description = "A replica that is not STREAMING (connecting, bootstrapping, backing off) is WARN, and "
                        + "CRITICAL once it has not been streaming for longer than this. A stopped replica is "
                        + "CRITICAL at once.")
        long not_streaming_max_ms() default 30000;

        @AttributeDefinition(
                name = "Least backlog coverage in seconds",
                min = "0",
                description = "A primary whose full backlog covers fewer seconds of history than this is WARN: a "
                        + "replica away for longer needs a snapshot. A backlog that never had to drop anything is "
                        + "never too short.")
        long backlog_coverage_min_s() default 60;

        @AttributeDefinition(
                name = "Most dropped replicas per interval",
                min = "0",
                description = "A primary that dropped more replicas than this (the backlog no longer held what they "
                        + "missed) within dropped.replicas.interval.s is WARN.")
        long dropped_replicas_max() default 0;

        @AttributeDefinition(
                name = "Dropped replicas interval in seconds",
                min = "1",
                description = "The interval of dropped.replicas.max.")
        long dropped_replicas_interval_s() default 600;
    }

    private final BundleContext context;
    private final Map<Object, ServiceRegistration<HealthCheck>> checks = new ConcurrentHashMap<>();
    private volatile Thresholds thresholds;

    /** Constructor injection: the references are bound after it, when the context is there to register. */
    @Activate
    public FcrpHealthChecks(BundleContext context, Config config) {
        this.context = context;
        this.thresholds = Thresholds.of(config);
    }

    /** New thresholds apply from the next execution of every check. */
    @Modified
    void modified(Config config) {
        thresholds = Thresholds.of(config);
    }

    @Deactivate
    void deactivate() {
        checks.values().forEach(FcrpHealthChecks::unregister);
        checks.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addReplica(ReplicaClient replica, Map<String, Object> properties) {
        String name = String.valueOf(properties.get(FcrpServices.INSTANCE));
        publish(replica, "replica", name, new ReplicaHealthCheck(name, replica, () -> thresholds));
    }

    void removeReplica(ReplicaClient replica) {
        unregister(checks.remove(replica));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addPrimary(PrimaryControl primary, Map<String, Object> properties) {
        String name = String.valueOf(properties.get(FcrpServices.INSTANCE));
        publish(
                primary,
                "primary",
                name,
                new PrimaryHealthCheck(name, primary::status, () -> thresholds, System::currentTimeMillis));
    }

    void removePrimary(PrimaryControl primary) {
        unregister(checks.remove(primary));
    }

    private void publish(Object instance, String role, String name, HealthCheck check) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(HealthCheck.NAME, "FCRP " + role + " " + name);
        properties.put(HealthCheck.TAGS, new String[] {TAG, TAG + "-" + role});
        // the value of name= in the MBean's ObjectName, quoted when it needs to be
        properties.put(
                HealthCheck.MBEAN_NAME,
                FcrpObjectNames.of("HealthCheck", "fcrp-" + role + "-" + name).getKeyProperty("name"));
        properties.put(FcrpServices.INSTANCE, name);
        checks.put(instance, context.registerService(HealthCheck.class, check, properties));
    }

    private static void unregister(ServiceRegistration<HealthCheck> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
    }
}
