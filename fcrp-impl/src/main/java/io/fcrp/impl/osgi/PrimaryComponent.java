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

/**
 * One replication primary per {@code io.fcrp.primary~<name>} configuration.
 *
 * <p>Applied in place (no data lost): {@code bind.addr} (the new port is opened before the old one
 * is closed; replicas on the old port are disconnected), compression, batching, backlog, limits,
 * timeouts, the token (the last four for connections accepted from then on) and persistence.
 * Restart the instance (the embedded store starts empty, or is saved and reloaded with
 * persistence): {@code name}, {@code store}, {@code shard.count}.
 * An invalid configuration is logged and not applied; a running instance keeps its settings.
 */
@Component(name = PrimaryComponent.PID, configurationPid = PrimaryComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {})
@Designate(ocd = PrimaryComponent.Config.class, factory = true)
public final class PrimaryComponent {

    /** The factory PID. */
    public static final String PID = "io.fcrp.primary";

    private static final Logger LOG = LoggerFactory.getLogger(PrimaryComponent.class);

    /** The settings of a primary; names and defaults follow the reference's {@code ReplicationConfig}. */
    @ObjectClassDefinition(id = PID, name = "FCRP replication primary",
            description = "A primary: a sharded in-memory store (or an application's own) whose mutations are "
                    + "streamed over TCP to FCRP v1 replicas. One configuration per primary: io.fcrp.primary~<name>.")
    public @interface Config {

        @AttributeDefinition(name = "Instance name", required = false,
                description = "Names the primary in service properties (fcrp.instance), JMX (name=...) and the shell. "
                        + "Empty: the configuration's own name, east for io.fcrp.primary~east. Changing it restarts the "
                        + "primary.")
        String name() default "";

        @AttributeDefinition(name = "Store",
                description = "embedded: the primary owns a store, published as KeyValueStore service for "
                        + "applications to write to. external: an application publishes its own ReplicationPrimary and "
                        + "SnapshotProvider services with fcrp.instance=<name>, and the primary serves them. Changing it "
                        + "restarts the primary.",
                options = {@Option(label = "Embedded store", value = "embedded"),
                    @Option(label = "External store (services of an application)", value = "external")})
        String store() default "embedded";

        @AttributeDefinition(name = "Bind address (bind_addr)",
                description = "host:port replicas connect to; port 0 picks a free port. Keep 127.0.0.1 unless replicas "
                        + "run on other hosts: the protocol is not encrypted. Applied in place.")
        String bind_addr() default "127.0.0.1:7631";

        @AttributeDefinition(name = "Shard count",
                description = "Shards of the embedded store, a power of two from 1 to 65536. Ignored for an external "
                        + "store. Changing it restarts the primary with an empty store.")
        int shard_count() default 16;

        @AttributeDefinition(name = "Authentication token (auth_token)", type = AttributeType.PASSWORD,
                required = false,
                description = "Shared token replicas must present; sent in clear text. Leave unset for none; an empty "
                        + "value is refused. Applies to connections accepted after a change.")
        String auth_token();

        @AttributeDefinition(name = "Compression (compression)",
                description = "Compression of mutation batches and snapshot chunks. Applied in place.",
                options = {@Option(label = "None", value = "none"), @Option(label = "zstd", value = "zstd")})
        String compression() default "none";

        @AttributeDefinition(name = "zstd level (zstd_level)",
                description = "zstd compression level when compression is zstd. Applied in place.")
        int zstd_level() default 3;

        @AttributeDefinition(name = "Send policy (send_policy)",
                description = "immediate: every mutation is sent as its own batch. batch: mutations accumulate until "
                        + "one of the batch limits is reached. Applied in place.",
                options = {@Option(label = "Batch", value = "batch"), @Option(label = "Immediate", value = "immediate")})
        String send_policy() default "batch";

        @AttributeDefinition(name = "Batch records (batch_max_records)",
                description = "A batch is sent when it holds this many records. Applied in place.")
        int batch_max_records() default 512;

        @AttributeDefinition(name = "Batch bytes (batch_max_bytes)",
                description = "A batch is sent when its records reach this many bytes (64 to 67108864). Applied in place.")
        int batch_max_bytes() default 1048576;

        @AttributeDefinition(name = "Batch delay in microseconds (batch_max_delay_us)",
                description = "A non-empty batch is sent at the latest after this delay. Applied in place.")
        long batch_max_delay_us() default 750;

        @AttributeDefinition(name = "Backlog bytes (backlog_bytes)",
                description = "Encoded batches kept per shard (0 to 1073741824), off the Java heap, so that replicas "
                        + "that fall behind or reconnect catch up without a snapshot. Applied in place.")
        long backlog_bytes() default 67108864;

        @AttributeDefinition(name = "Snapshot chunk bytes (snapshot_chunk_bytes)",
                description = "Target size of one snapshot chunk (1 to 67108864). Applies to snapshots started after a "
                        + "change.")
        int snapshot_chunk_bytes() default 1048576;

        @AttributeDefinition(name = "Maximum replicas (max_replicas)",
                description = "Concurrent replica sessions; further connections are closed at once. Applies to "
                        + "connections accepted after a change.")
        int max_replicas() default 16;

        @AttributeDefinition(name = "Handshake timeout in ms (connect_timeout_ms)",
                description = "How long a new connection may take to send its Hello. Applies to connections accepted "
                        + "after a change.")
        long connect_timeout_ms() default 500;

        @AttributeDefinition(name = "Write timeout in ms (write_timeout_ms)",
                description = "A write to a replica blocked for longer ends its session. Applies to connections "
                        + "accepted after a change.")
        long write_timeout_ms() default 500;

        @AttributeDefinition(name = "Batches a replica may lag per shard (subscriber_channel_capacity)",
                description = "While a replica is no more than this many batches (and subscriber.queue.bytes) behind in "
                        + "a shard, the backlog keeps what it still has to send, even beyond backlog.bytes. Further "
                        + "behind, it is served from what the backlog holds and dropped when that no longer covers it. "
                        + "Applies to connections accepted after a change.")
        int subscriber_channel_capacity() default 1024;

        @AttributeDefinition(name = "Bytes a replica may lag per shard",
                description = "The same rule as subscriber.channel.capacity, in encoded bytes of one shard. Applies "
                        + "to connections accepted after a change.")
        long subscriber_queue_bytes() default 67108864;

        @AttributeDefinition(name = "Store memory limit in bytes",
                description = "Off-heap memory the embedded store may hold for its keys and values; a write beyond it "
                        + "is refused with a StoreFullException. 0: only the JVM's direct memory limit "
                        + "(-XX:MaxDirectMemorySize) applies. Applied in place.")
        long store_max_bytes() default 0;

        @AttributeDefinition(name = "Persistence",
                description = "none: the store lives in memory only and starts empty. snapshot: the store is written "
                        + "to a file in persistence.dir every persistence.interval.s and at every clean stop, and "
                        + "reloaded at start. A primary reloaded from the file it wrote at a clean stop continues its sequences, so its replicas "
                        + "catch up from its backlog. Applied in place.",
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

    private PrimaryInstance instance;
    private BundleContext context;
    private String pid;

    @Activate
    synchronized void activate(BundleContext bundleContext, Config config, Map<String, Object> properties) {
        context = bundleContext;
        pid = InstanceNames.pid(properties, PID);
        NativeLibraries.requireZstd();
        PrimarySettings settings = parse(config, properties, "nothing was started");
        if (settings != null) {
            start(settings);
        }
    }

    @Modified
    synchronized void modified(Config config, Map<String, Object> properties) {
        PrimarySettings next = parse(config, properties,
                instance != null ? "the primary keeps running with its previous settings" : "nothing was started");
        if (next == null) {
            return;
        }
        if (instance == null) {
            start(next);
            return;
        }
        PrimarySettings current = instance.settings();
        String restartReason = current.restartReason(next);
        if (restartReason != null) {
            LOG.info("FCRP primary '{}' restarts: {}", current.name(), restartReason);
            instance.close();
            instance = null;
            start(next);
        } else {
            instance.reconfigure(next);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (instance != null) {
            instance.close();
            instance = null;
        }
    }

    private void start(PrimarySettings settings) {
        String inUse = Names.inUse(context, settings.name());
        if (inUse != null) {
            LOG.error("FCRP primary: configuration {} rejected: the instance name '{}' is already used by {}; "
                    + "nothing was started", pid, settings.name(), inUse);
            return;
        }
        try {
            instance = PrimaryInstance.start(context, settings);
        } catch (IOException e) {
            LOG.error("FCRP primary: configuration {} could not start: {}", pid, e.getMessage());
        }
    }

    private PrimarySettings parse(Config config, Map<String, Object> properties, String consequence) {
        try {
            return PrimarySettings.from(config, properties);
        } catch (InvalidConfigurationException e) {
            LOG.error("FCRP primary: configuration {} rejected: {}; {}", pid, e.getMessage(), consequence);
            return null;
        }
    }
}
