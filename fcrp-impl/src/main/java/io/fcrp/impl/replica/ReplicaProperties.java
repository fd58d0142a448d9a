package io.fcrp.impl.replica;

import io.fcrp.impl.net.KeepAlive;
import io.fcrp.impl.primary.PrimaryProperties;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.settings.HostPort;
import io.fcrp.impl.settings.Property;
import java.util.List;

/**
 * The properties of a replica: names and defaults of the reference's {@code ReplicationConfig}
 * where it has them, valid values and meanings. {@link ReplicaConfig.Builder} starts from these
 * defaults and checks these rules; so do Karaf's configurations and the command-line tool.
 */
public final class ReplicaProperties {

    public static final Property<HostPort> REPLICA_OF =
            Property.address("replica.of", null, 1).reference("replica_of").meaning("The primary to follow.");

    public static final Property<String> AUTH_TOKEN =
            PrimaryProperties.AUTH_TOKEN.meaning("Token sent in the Hello: the one the primary requires. Unset: none.");

    public static final Property<Long> CONNECT_TIMEOUT_MS = Property.whole("connect.timeout.ms", 500, 1, Long.MAX_VALUE)
            .reference("connect_timeout_ms")
            .meaning("TCP connect timeout and deadline for the primary's Hello answer (and for each of its answers in "
                    + "a TLS handshake).");

    public static final Property<Long> RECONNECT_BACKOFF_MS = Property.whole(
                    "reconnect.backoff.ms", 200, 1, Long.MAX_VALUE)
            .reference("reconnect_backoff_ms")
            .meaning("First pause after a failed session.");

    public static final Property<Long> RECONNECT_BACKOFF_MAX_MS = Property.whole(
                    "reconnect.backoff.max.ms", 5000, 1, Long.MAX_VALUE)
            .validValues("at least reconnect.backoff.ms")
            .meaning("The pause doubles (with ±20 % jitter) up to this.");

    public static final Property<Integer> MAX_FRAME_BYTES = Property.integerOrZero(
                    "max.frame.bytes", 4096, FrameHeader.MAX_PAYLOAD)
            .reference("(fixed 256 MiB)")
            .meaning("Largest frame accepted, compressed or not (a larger one ends the session, never an "
                    + "OutOfMemoryError). 0: an eighth of the maximum heap, at most 256 MiB.");

    public static final Property<Integer> LOCAL_SHARDS = Property.powerOfTwo("local.shards", 16, KeyHash.MAX_SHARDS)
            .meaning("Shards of the local store, independent of the primary's.");

    public static final Property<Long> IDLE_TIMEOUT_MS = Property.whole("idle.timeout.ms", 0, 0, Long.MAX_VALUE)
            .meaning("Reconnect when nothing arrives for this long. 0: automatic, 4 heartbeat periods once the "
                    + "primary has sent heartbeats (a Java primary does; against one that sends none, TCP keep-alive "
                    + "detects a dead link).");

    public static final Property<Long> STORE_MAX_BYTES = Property.whole("store.max.bytes", 0, 0, Long.MAX_VALUE)
            .meaning("Off-heap memory the replica's store may hold, a snapshot being loaded included (the old data "
                    + "stays readable until the new one is complete, so allow twice the data). Beyond it the replica "
                    + "stops applying, reports the error (LastError) and retries after its backoff. 0: only the JVM's "
                    + "direct memory limit (-XX:MaxDirectMemorySize) applies.");

    public static final Property<Long> GAP_WAIT_MS = Property.whole("gap.wait.ms", 500, 0, Long.MAX_VALUE)
            .meaning(
                    "Records that leave a gap in their shard's sequence are held back this long, unapplied, waiting for "
                            + "the missing ones; 0 applies them at once, as the reference replica does.");

    /** Every property, in the README's order. */
    public static final List<Property<?>> ALL = List.of(
            REPLICA_OF,
            AUTH_TOKEN,
            CONNECT_TIMEOUT_MS,
            RECONNECT_BACKOFF_MS,
            RECONNECT_BACKOFF_MAX_MS,
            MAX_FRAME_BYTES,
            LOCAL_SHARDS,
            IDLE_TIMEOUT_MS,
            KeepAlive.IDLE_SECONDS,
            KeepAlive.INTERVAL_SECONDS,
            KeepAlive.PROBES,
            STORE_MAX_BYTES,
            GAP_WAIT_MS);

    private ReplicaProperties() {}
}
