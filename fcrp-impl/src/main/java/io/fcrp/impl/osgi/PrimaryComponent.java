package io.fcrp.impl.osgi;

import io.fcrp.api.FcrpServices;
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
 * <p>A change is validated whole before anything stops: a rejected one leaves the running primary
 * as it was. Applied in place (no data lost): {@code bind.addr} (the new port is opened before the
 * old one is closed), compression, batching, backlog, limits, timeouts, the token, TLS and its
 * files (the last five for connections accepted from then on) and persistence. Restart the
 * instance (the embedded store starts empty, or is saved and reloaded with persistence):
 * {@code name}, {@code store}, {@code shard.count}. DS glue: the life is {@link InstanceLifecycle}'s,
 * with a {@link PrimaryRole}.
 */
@Component(
        name = PrimaryComponent.PID,
        configurationPid = PrimaryComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true,
        service = {})
@Designate(ocd = PrimaryComponent.Config.class, factory = true)
public final class PrimaryComponent {

    /** The factory PID. */
    public static final String PID = "io.fcrp.primary";

    private static final Logger LOG = LoggerFactory.getLogger(PrimaryComponent.class);

    /**
     * The metatype of a primary. Names, defaults, ranges and the start of each description are
     * those of {@code PrimaryProperties} and {@link KarafProperties}; a unit test holds them to it.
     */
    @ObjectClassDefinition(
            id = PID,
            name = "FCRP replication primary",
            description = "A primary: a sharded in-memory store (or an application's own) whose mutations are "
                    + "streamed over TCP to FCRP v1 replicas. One configuration per primary: io.fcrp.primary~<name>.")
    public @interface Config {

        @AttributeDefinition(
                name = "Instance name",
                required = false,
                description = "The instance name: fcrp.instance of its services, name= of its MBeans, the shell's "
                        + "argument; unique over the primaries and replicas of a container. Unset: the configuration's "
                        + "name, east for io.fcrp.primary~east or etc/io.fcrp.primary-east.cfg, west for "
                        + "io.fcrp.replica~west. Changing it restarts the primary.")
        String name() default "";

        @AttributeDefinition(
                name = "Store",
                description = "embedded: the primary owns a store and publishes it as KeyValueStore. external: it "
                        + "serves the ReplicationPrimary and SnapshotProvider services an application publishes under "
                        + "the instance name; shard.count, batching and compression then belong to the application's "
                        + "ReplicationPrimary (compression and zstd.level still apply to snapshot chunks). Changing it "
                        + "restarts the primary.",
                options = {
                    @Option(label = "Embedded store", value = "embedded"),
                    @Option(label = "External store (services of an application)", value = "external")
                })
        String store() default "embedded";

        @AttributeDefinition(
                name = "Bind address (bind_addr)",
                description = "Where replicas connect; port 0 picks any free port. Keep 127.0.0.1 unless replicas run "
                        + "on other hosts: plaintext FCRP is not encrypted (see tls). Applied in place.")
        String bind_addr() default "127.0.0.1:7631";

        @AttributeDefinition(
                name = "Shard count",
                min = "1",
                max = "65536",
                description = "Shards of the embedded store; every shard has its own lock and sequence. A power of "
                        + "two. Ignored for an external store. Changing it restarts the primary with an empty store.")
        int shard_count() default 16;

        @AttributeDefinition(
                name = "Authentication token (auth_token)",
                type = AttributeType.PASSWORD,
                required = false,
                description = "Token replicas must present; sent in clear text, compared in constant time, never "
                        + "logged. Unset: replicas need none. An empty value is refused. Config Admin shows it to "
                        + "whoever may read configurations: prefer auth.token.file. Applies to connections accepted "
                        + "after a change.")
        String auth_token();

        @AttributeDefinition(
                name = "Authentication token file",
                required = false,
                description = "A file whose first line (trimmed) is the token, instead of auth.token: the "
                        + "configuration then holds only the path. Read again at every change of the configuration. "
                        + "Relative to Karaf's etc directory.")
        String auth_token_file();

        @AttributeDefinition(
                name = "Compression (compression)",
                description = "Compression of MutationBatch and non-empty SnapshotChunk frames. Applied in place.",
                options = {@Option(label = "None", value = "none"), @Option(label = "zstd", value = "zstd")})
        String compression() default "none";

        @AttributeDefinition(
                name = "zstd level (zstd_level)",
                min = "-131072",
                max = "22",
                description = "zstd level when compressing: 0 is zstd's default (3), negative levels trade ratio for "
                        + "speed. Applied in place.")
        int zstd_level() default 3;

        @AttributeDefinition(
                name = "Send policy (send_policy)",
                description = "immediate: one record per batch. batch: records accumulate until a batch.max.* "
                        + "threshold. Applied in place.",
                options = {@Option(label = "Immediate", value = "immediate"), @Option(label = "Batch", value = "batch")
                })
        String send_policy() default "batch";

        @AttributeDefinition(
                name = "Batch records (batch_max_records)",
                min = "1",
                description = "Publish a batch at this many records. Applied in place.")
        int batch_max_records() default 512;

        @AttributeDefinition(
                name = "Batch bytes (batch_max_bytes)",
                min = "64",
                max = "67108864",
                description = "Publish a batch when its records reach this many bytes. Applied in place.")
        int batch_max_bytes() default 1048576;

        @AttributeDefinition(
                name = "Batch delay in microseconds (batch_max_delay_us)",
                min = "1",
                description = "Publish a non-empty batch at the latest after this many microseconds. Applied in place.")
        long batch_max_delay_us() default 750;

        @AttributeDefinition(
                name = "Backlog bytes (backlog_bytes)",
                min = "0",
                max = "1073741824",
                description = "Backlog retention per shard, in encoded frame bytes, held off the Java heap: replicas "
                        + "that fall behind or reconnect catch up from it without a snapshot. Applied in place.")
        long backlog_bytes() default 67108864;

        @AttributeDefinition(
                name = "Snapshot chunk bytes (snapshot_chunk_bytes)",
                min = "4096",
                max = "67108864",
                description = "Target size of one snapshot chunk. Applies to snapshots started after a change.")
        int snapshot_chunk_bytes() default 1048576;

        @AttributeDefinition(
                name = "Maximum replicas (max_replicas)",
                min = "1",
                description = "Concurrent replica sessions that have passed their handshake; a further replica is "
                        + "closed right after its Hello. Applies to connections accepted after a change.")
        int max_replicas() default 16;

        @AttributeDefinition(
                name = "Pending handshakes",
                min = "1",
                description = "Connections waiting for their Hello, apart from max.replicas; beyond it the oldest "
                        + "handshake of the address with the most pending ones is closed, so no client can keep "
                        + "replicas out. Applies to connections accepted after a change.")
        int max_pending_handshakes() default 16;

        @AttributeDefinition(
                name = "Handshake timeout in ms (connect_timeout_ms)",
                min = "1",
                description = "Deadline for a replica's Hello (and its TLS handshake before it). Applies to "
                        + "connections accepted after a change.")
        long connect_timeout_ms() default 500;

        @AttributeDefinition(
                name = "Write timeout in ms (write_timeout_ms)",
                min = "1",
                description = "A replica that accepts no bytes for this long is disconnected. Applies to connections "
                        + "accepted after a change.")
        long write_timeout_ms() default 500;

        @AttributeDefinition(
                name = "Heartbeat interval in ms",
                min = "0",
                description = "An Ack frame is sent to a replica after this long without a write, so a Java replica "
                        + "notices a dead link within seconds; the reference replica ignores it. 0: no heartbeats. "
                        + "Applies to connections accepted after a change.")
        long heartbeat_interval_ms() default 1000;

        @AttributeDefinition(
                name = "TCP keep-alive idle seconds",
                min = "1",
                max = "32767",
                description = "Seconds a connection may be silent before TCP keep-alive probes the peer. Applies to "
                        + "connections accepted after a change.")
        int tcp_keepalive_idle_s() default 5;

        @AttributeDefinition(
                name = "TCP keep-alive interval seconds",
                min = "1",
                max = "32767",
                description = "Seconds between unanswered keep-alive probes. Applies to connections accepted after a "
                        + "change.")
        int tcp_keepalive_interval_s() default 2;

        @AttributeDefinition(
                name = "TCP keep-alive probes",
                min = "1",
                max = "127",
                description = "Unanswered probes after which the connection is dead (with the defaults: 11 s). Applies "
                        + "to connections accepted after a change.")
        int tcp_keepalive_count() default 3;

        @AttributeDefinition(
                name = "Batches a replica may lag per shard (subscriber_channel_capacity)",
                min = "1",
                description = "Batches a replica may be behind in one shard while the backlog keeps, even beyond "
                        + "backlog.bytes, what it still has to send. Further behind, it is served from what the "
                        + "backlog holds and dropped when that no longer covers it. Applies to connections accepted "
                        + "after a change.")
        int subscriber_channel_capacity() default 1024;

        @AttributeDefinition(
                name = "Bytes a replica may lag per shard",
                min = "1",
                description = "The same rule as subscriber.channel.capacity, in encoded bytes of one shard. Applies "
                        + "to connections accepted after a change.")
        long subscriber_queue_bytes() default 67108864;

        @AttributeDefinition(
                name = "Store memory limit in bytes",
                min = "0",
                description = "Off-heap memory the embedded store may hold; a write beyond it fails with "
                        + "StoreFullException and changes nothing. 0: only the JVM's direct memory limit "
                        + "(-XX:MaxDirectMemorySize) applies. Applied in place.")
        long store_max_bytes() default 0;

        @AttributeDefinition(
                name = "TLS",
                description = "off: plaintext FCRP v1, which every v1 peer speaks. on: TLS 1.3 only, with ALPN fcrp/1, "
                        + "between Java nodes; a plaintext peer is refused with a message that says so. Applies to "
                        + "connections accepted after a change.",
                options = {
                    @Option(label = "Off (plaintext FCRP v1)", value = "off"),
                    @Option(label = "On (TLS 1.3)", value = "on")
                })
        String tls() default "off";

        @AttributeDefinition(
                name = "TLS key store (PKCS#12)",
                required = false,
                description = "This node's private key with its certificate chain: a PKCS#12 key store holding one "
                        + "key (or tls.certificate and tls.key instead). Relative to Karaf's etc directory; read again "
                        + "at every change of the configuration, for connections accepted from then on.")
        String tls_keystore();

        @AttributeDefinition(
                name = "TLS key store password file",
                required = false,
                description = "A file whose first line is the password of tls.keystore and of its key. Relative to "
                        + "Karaf's etc directory.")
        String tls_keystore_password_file();

        @AttributeDefinition(
                name = "TLS certificate chain (PEM)",
                required = false,
                description = "This node's certificate chain as PEM, its own certificate first (with tls.key). "
                        + "Relative to Karaf's etc directory.")
        String tls_certificate();

        @AttributeDefinition(
                name = "TLS private key (PEM)",
                required = false,
                description = "This node's private key as PEM PKCS#8: BEGIN PRIVATE KEY, or BEGIN ENCRYPTED PRIVATE "
                        + "KEY with tls.key.password.file. Relative to Karaf's etc directory.")
        String tls_key();

        @AttributeDefinition(
                name = "TLS private key password file",
                required = false,
                description = "A file whose first line is the password of an encrypted tls.key. Relative to Karaf's "
                        + "etc directory.")
        String tls_key_password_file();

        @AttributeDefinition(
                name = "TLS trust store",
                required = false,
                description = "The CA certificates a peer's certificate must be signed by: PEM, or a PKCS#12 trust "
                        + "store. Required on a replica, and on a primary that requires replica certificates. "
                        + "Relative to Karaf's etc directory.")
        String tls_truststore();

        @AttributeDefinition(
                name = "TLS trust store password file",
                required = false,
                description = "A file whose first line is the password of a PKCS#12 tls.truststore. Relative to "
                        + "Karaf's etc directory.")
        String tls_truststore_password_file();

        @AttributeDefinition(
                name = "TLS client certificates",
                description = "Primary only. required: a replica must present a certificate signed by a CA of "
                        + "tls.truststore (mutual TLS). none: replicas are not asked for one.",
                options = {
                    @Option(label = "Required (mutual TLS)", value = "required"),
                    @Option(label = "None", value = "none")
                })
        String tls_client_auth() default "required";

        @AttributeDefinition(
                name = "Pinned replica certificates (SHA-256)",
                required = false,
                description = "The peer's own certificate must have one of these fingerprints (64 hex digits, colons "
                        + "allowed, as keytool and openssl print them). On a replica it replaces the check that the "
                        + "primary's certificate names the host of replica.of. Comma-separated; on a primary it needs "
                        + "tls.client.auth = required.")
        String tls_pin_sha256();

        @AttributeDefinition(
                name = "Persistence",
                description = "none: the store starts empty at every start. snapshot: the whole store is written to "
                        + "persistence.dir/snapshot.fcrp every persistence.interval.s and at a clean stop, and "
                        + "reloaded at start. Only for an embedded store.",
                options = {@Option(label = "None", value = "none"), @Option(label = "Snapshot file", value = "snapshot")
                })
        String persistence() default "none";

        @AttributeDefinition(
                name = "Persistence directory",
                required = false,
                description = "Where the persistence file is kept; created when missing. Unset: "
                        + "${karaf.data}/fcrp/<instance>.")
        String persistence_dir();

        @AttributeDefinition(
                name = "Persistence interval in seconds",
                min = "0",
                max = "604800",
                description = "Seconds between two saves while running; 0 saves only at a clean stop.")
        long persistence_interval_s() default 60;

        @AttributeDefinition(
                name = "On a corrupt persistence file",
                description =
                        "What a file that fails its checks does at start: refuse leaves the instance stopped with "
                                + "an error naming the file and byte offset; start-empty starts empty and keeps the file as "
                                + "<file>.corrupt.",
                options = {
                    @Option(label = "Refuse to start", value = "refuse"),
                    @Option(label = "Start empty", value = "start-empty")
                })
        String persistence_on_corrupt() default "refuse";
    }

    private final InstanceLifecycle<PrimarySettings, PrimaryInstance> lifecycle =
            new InstanceLifecycle<>(PID, FcrpServices.ROLE_PRIMARY, LOG, PrimarySettings::from, new PrimaryRole());

    @Activate
    void activate(BundleContext bundleContext, Map<String, Object> properties) {
        lifecycle.activate(bundleContext, properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        lifecycle.modified(properties);
    }

    @Deactivate
    void deactivate() {
        lifecycle.deactivate();
    }
}
