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
 * One replica client per {@code io.fcrp.replica~<name>} configuration.
 *
 * <p>Every change restarts the replica: the old connection and thread end, a new client takes over
 * the store and its data stays readable. Following the same primary it catches up from the
 * backlog; following another one, the data is replaced once a complete bootstrap from the new
 * primary has arrived. New TLS files (key, certificate, trust, pins) alone restart nothing: the
 * next connections use them and the current one stays open. A change is validated whole (values,
 * name) before anything stops: a rejected one leaves the running replica as it was. DS glue: the
 * life is {@link InstanceLifecycle}'s, with a {@link ReplicaRole}.
 */
@Component(
        name = ReplicaComponent.PID,
        configurationPid = ReplicaComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true,
        service = {})
@Designate(ocd = ReplicaComponent.Config.class, factory = true)
public final class ReplicaComponent {

    /** The factory PID. */
    public static final String PID = "io.fcrp.replica";

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaComponent.class);

    /**
     * The metatype of a replica. Names, defaults, ranges and the start of each description are
     * those of {@code ReplicaProperties} and {@link KarafProperties}; a unit test holds them to it.
     */
    @ObjectClassDefinition(
            id = PID,
            name = "FCRP replica",
            description = "A replica: follows an FCRP v1 primary over TCP into a local in-memory store, published as "
                    + "KeyValueView service. One configuration per replica: io.fcrp.replica~<name>. Every change "
                    + "restarts the replica.")
    public @interface Config {

        @AttributeDefinition(
                name = "Instance name",
                required = false,
                description = "The instance name: fcrp.instance of its services, name= of its MBeans, the shell's "
                        + "argument; unique over the primaries and replicas of a container. Unset: the configuration's "
                        + "name, east for io.fcrp.primary~east or etc/io.fcrp.primary-east.cfg, west for "
                        + "io.fcrp.replica~west.")
        String name() default "";

        @AttributeDefinition(
                name = "Primary address (replica_of)",
                description = "The primary to follow. Written host:port.")
        String replica_of();

        @AttributeDefinition(
                name = "Authentication token (auth_token)",
                type = AttributeType.PASSWORD,
                required = false,
                description = "Token sent in the Hello: the one the primary requires. Unset: none. An empty value is "
                        + "refused. Config Admin shows it to whoever may read configurations: prefer auth.token.file.")
        String auth_token();

        @AttributeDefinition(
                name = "Authentication token file",
                required = false,
                description = "A file whose first line (trimmed) is the token, instead of auth.token: the "
                        + "configuration then holds only the path. Read again at every change of the configuration. "
                        + "Relative to Karaf's etc directory.")
        String auth_token_file();

        @AttributeDefinition(
                name = "Connect timeout in ms (connect_timeout_ms)",
                min = "1",
                description = "TCP connect timeout and deadline for the primary's Hello answer (and for each of its "
                        + "answers in a TLS handshake).")
        long connect_timeout_ms() default 500;

        @AttributeDefinition(
                name = "Reconnect pause in ms (reconnect_backoff_ms)",
                min = "1",
                description = "First pause after a failed session.")
        long reconnect_backoff_ms() default 200;

        @AttributeDefinition(
                name = "Longest reconnect pause in ms",
                min = "1",
                description = "The pause doubles (with ±20 % jitter) up to this. At least reconnect.backoff.ms.")
        long reconnect_backoff_max_ms() default 5000;

        @AttributeDefinition(
                name = "Largest frame in bytes",
                min = "0",
                max = "268435456",
                description = "Largest frame accepted, compressed or not (a larger one ends the session, never an "
                        + "OutOfMemoryError). 0: an eighth of the maximum heap, at most 256 MiB.")
        int max_frame_bytes() default 0;

        @AttributeDefinition(
                name = "Local shards",
                min = "1",
                max = "65536",
                description = "Shards of the local store, independent of the primary's. A power of two.")
        int local_shards() default 16;

        @AttributeDefinition(
                name = "Idle timeout in ms",
                min = "0",
                description =
                        "Reconnect when nothing arrives for this long. 0: automatic, 4 heartbeat periods once the "
                                + "primary has sent heartbeats (a Java primary does; against one that sends none, TCP "
                                + "keep-alive detects a dead link).")
        long idle_timeout_ms() default 0;

        @AttributeDefinition(
                name = "TCP keep-alive idle seconds",
                min = "1",
                max = "32767",
                description = "Seconds a connection may be silent before TCP keep-alive probes the peer.")
        int tcp_keepalive_idle_s() default 5;

        @AttributeDefinition(
                name = "TCP keep-alive interval seconds",
                min = "1",
                max = "32767",
                description = "Seconds between unanswered keep-alive probes.")
        int tcp_keepalive_interval_s() default 2;

        @AttributeDefinition(
                name = "TCP keep-alive probes",
                min = "1",
                max = "127",
                description = "Unanswered probes after which the connection is dead (with the defaults: 11 s).")
        int tcp_keepalive_count() default 3;

        @AttributeDefinition(
                name = "Store memory limit in bytes",
                min = "0",
                description = "Off-heap memory the replica's store may hold, a snapshot being loaded included (the old "
                        + "data stays readable until the new one is complete, so allow twice the data). Beyond it the "
                        + "replica stops applying, reports the error (LastError) and retries after its backoff. 0: "
                        + "only the JVM's direct memory limit (-XX:MaxDirectMemorySize) applies.")
        long store_max_bytes() default 0;

        @AttributeDefinition(
                name = "Gap wait in ms",
                min = "0",
                description = "Records that leave a gap in their shard's sequence are held back this long, unapplied, "
                        + "waiting for the missing ones; 0 applies them at once, as the reference replica does. A "
                        + "reference primary can send a newer batch before older ones right after a bootstrap.")
        long gap_wait_ms() default 500;

        @AttributeDefinition(
                name = "TLS",
                description = "off: plaintext FCRP v1, which every v1 peer speaks. on: TLS 1.3 only, with ALPN fcrp/1, "
                        + "between Java nodes; a plaintext peer is refused with a message that says so. Turning it on "
                        + "or off restarts the replica.",
                options = {
                    @Option(label = "Off (plaintext FCRP v1)", value = "off"),
                    @Option(label = "On (TLS 1.3)", value = "on")
                })
        String tls() default "off";

        @AttributeDefinition(
                name = "TLS key store (PKCS#12)",
                required = false,
                description = "This node's private key with its certificate chain: a PKCS#12 key store holding one "
                        + "key (or tls.certificate and tls.key instead). Needed when the primary requires replica "
                        + "certificates. Relative to Karaf's etc directory; read again at every change of the "
                        + "configuration, for the next connections.")
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
                name = "Pinned primary certificates (SHA-256)",
                required = false,
                description = "The peer's own certificate must have one of these fingerprints (64 hex digits, colons "
                        + "allowed, as keytool and openssl print them). On a replica it replaces the check that the "
                        + "primary's certificate names the host of replica.of. Comma-separated.")
        String tls_pin_sha256();

        @AttributeDefinition(
                name = "Persistence",
                description = "none: the store starts empty at every start. snapshot: the whole store is written to "
                        + "persistence.dir/snapshot.fcrp every persistence.interval.s and at a clean stop, and "
                        + "reloaded at start. A replica reloaded from its file resumes from the primary's backlog.",
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

    private final InstanceLifecycle<ReplicaSettings, ReplicaInstance> lifecycle =
            new InstanceLifecycle<>(PID, FcrpServices.ROLE_REPLICA, LOG, ReplicaSettings::from, new ReplicaRole());

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
