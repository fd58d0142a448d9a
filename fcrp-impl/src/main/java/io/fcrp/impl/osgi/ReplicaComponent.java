package io.fcrp.impl.osgi;

import java.io.IOException;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fcrp.impl.store.ReplicaStore;

/**
 * One replica client per {@code io.fcrp.replica~<name>} configuration.
 *
 * <p>Every change restarts the replica: the old connection and thread end, a new client takes over
 * the store and its data stays readable. Following the same primary it catches up from the
 * backlog; following another one, the data is replaced once a complete bootstrap from the new
 * primary has arrived. An invalid configuration is logged and not applied; a running replica
 * keeps its settings.
 */
@Component(name = ReplicaComponent.PID, configurationPid = ReplicaComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {})
@Designate(ocd = ReplicaComponent.Config.class, factory = true)
public final class ReplicaComponent {

    /** The factory PID. */
    public static final String PID = "io.fcrp.replica";

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaComponent.class);

    /** The settings of a replica; names and defaults follow the reference's {@code ReplicationConfig}. */
    @ObjectClassDefinition(id = PID, name = "FCRP replica",
            description = "A replica: follows an FCRP v1 primary over TCP into a local in-memory store, published as "
                    + "KeyValueView service. One configuration per replica: io.fcrp.replica~<name>. Every change "
                    + "restarts the replica.")
    public @interface Config {

        @AttributeDefinition(name = "Instance name", required = false,
                description = "Names the replica in service properties (fcrp.instance), JMX (name=...) and the shell. "
                        + "Empty: the configuration's own name, west for io.fcrp.replica~west.")
        String name() default "";

        @AttributeDefinition(name = "Primary address (replica_of)",
                description = "host:port of the primary to follow.")
        String replica_of();

        @AttributeDefinition(name = "Authentication token (auth_token)", type = AttributeType.PASSWORD,
                required = false,
                description = "The token the primary requires; sent in clear text. Leave unset for none; an empty value "
                        + "is refused.")
        String auth_token();

        @AttributeDefinition(name = "Connect timeout in ms (connect_timeout_ms)",
                description = "TCP connect timeout and the deadline for the primary's answer to Hello.")
        long connect_timeout_ms() default 500;

        @AttributeDefinition(name = "Reconnect pause in ms (reconnect_backoff_ms)",
                description = "Pause after a failed session; it doubles after each further failure.")
        long reconnect_backoff_ms() default 200;

        @AttributeDefinition(name = "Longest reconnect pause in ms",
                description = "Upper bound of the doubling reconnect pause.")
        long reconnect_backoff_max_ms() default 5000;

        @AttributeDefinition(name = "Largest frame in bytes",
                description = "Frames (and their uncompressed payloads) above this size end the session; 4096 to "
                        + "268435456.")
        int max_frame_bytes() default 268435456;

        @AttributeDefinition(name = "Local shards",
                description = "Shards of the replica's own store, a power of two from 1 to 65536 (independent of the "
                        + "primary's).")
        int local_shards() default 16;

        @AttributeDefinition(name = "Idle timeout in ms",
                description = "Reconnect when nothing arrives for this long; 0 never does (a v1 primary sends no "
                        + "heartbeats, so a quiet primary is not a dead one).")
        long idle_timeout_ms() default 0;

        @AttributeDefinition(name = "Gap wait in ms",
                description = "Records that leave a gap in their shard's sequence (a reference primary can send a newer "
                        + "batch before older ones right after a bootstrap) wait this long for the missing ones, unapplied, "
                        + "before they are applied anyway; 0 applies them at once, as the reference replica does.")
        long gap_wait_ms() default 500;

        @AttributeDefinition(name = "Store memory limit in bytes",
                description = "Off-heap memory the replica's store may hold, a snapshot being loaded included (the old "
                        + "data stays readable until it is replaced, so allow for twice the data). Beyond it the "
                        + "replica stops applying, reports the error and retries. 0: only the JVM's direct memory "
                        + "limit (-XX:MaxDirectMemorySize) applies.")
        long store_max_bytes() default 0;

        @AttributeDefinition(name = "Persistence",
                description = "none: the store lives in memory only and starts empty. snapshot: the store is written "
                        + "to a file in persistence.dir every persistence.interval.s and at every clean stop, and "
                        + "reloaded at start. A replica reloaded from its file resumes from the primary's backlog.",
                options = {@Option(label = "None", value = "none"), @Option(label = "Snapshot file", value = "snapshot")})
        String persistence() default "none";

        @AttributeDefinition(name = "Persistence directory", required = false,
                description = "Where the snapshot file is kept. Empty: ${karaf.data}/fcrp/<instance>.")
        String persistence_dir() default "";

        @AttributeDefinition(name = "Persistence interval in seconds",
                description = "Seconds between two writes of the snapshot file while running (0 to 604800; 0 writes "
                        + "only at a clean stop).")
        long persistence_interval_s() default 60;

        @AttributeDefinition(name = "On a corrupt persistence file",
                description = "refuse: the instance does not start and the error names the file and byte offset. "
                        + "start-empty: it starts with an empty store and keeps the file as <file>.corrupt.",
                options = {@Option(label = "Refuse to start", value = "refuse"),
                    @Option(label = "Start empty", value = "start-empty")})
        String persistence_on_corrupt() default "refuse";
    }

    private ReplicaInstance instance;
    private BundleContext context;
    private String pid;

    @Activate
    synchronized void activate(BundleContext bundleContext, Config config, Map<String, Object> properties) {
        context = bundleContext;
        pid = InstanceNames.pid(properties, PID);
        NativeLibraries.requireZstd();
        ReplicaSettings settings = parse(config, properties, "nothing was started");
        if (settings != null) {
            start(settings, null);
        }
    }

    @Modified
    synchronized void modified(Config config, Map<String, Object> properties) {
        ReplicaSettings next = parse(config, properties,
                instance != null ? "the replica keeps running with its previous settings" : "nothing was started");
        if (next == null) {
            return;
        }
        ReplicaStore carried = null;
        if (instance != null) {
            String changes = instance.settings().changes(next);
            if (changes.isEmpty() && instance.isRunning()) {
                return;
            }
            LOG.info("FCRP replica '{}' restarts keeping its data: {}", instance.settings().name(),
                    changes.isEmpty() ? "configuration updated after it was stopped" : changes);
            carried = instance.closeKeepingStore();
            instance = null;
        }
        start(next, carried);
    }

    @Deactivate
    synchronized void deactivate() {
        if (instance != null) {
            instance.close();
            instance = null;
        }
    }

    private void start(ReplicaSettings settings, ReplicaStore carried) {
        String inUse = Names.inUse(context, settings.name());
        if (inUse != null) {
            LOG.error("FCRP replica: configuration {} rejected: the instance name '{}' is already used by {}; "
                    + "nothing was started", pid, settings.name(), inUse);
            if (carried != null) {
                carried.close();
            }
            return;
        }
        try {
            instance = ReplicaInstance.start(context, settings, carried);
        } catch (IOException | RuntimeException e) {
            LOG.error("FCRP replica: configuration {} could not start: {}", pid, e.getMessage());
        }
    }

    private ReplicaSettings parse(Config config, Map<String, Object> properties, String consequence) {
        try {
            return ReplicaSettings.from(config, properties);
        } catch (InvalidConfigurationException e) {
            LOG.error("FCRP replica: configuration {} rejected: {}; {}", pid, e.getMessage(), consequence);
            return null;
        }
    }
}
