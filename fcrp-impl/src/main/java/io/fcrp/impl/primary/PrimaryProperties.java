package io.fcrp.impl.primary;

import io.fcrp.impl.net.KeepAlive;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.ZstdCodec;
import io.fcrp.impl.settings.HostPort;
import io.fcrp.impl.settings.Property;
import java.util.List;

/**
 * The properties of a primary: names and defaults of the reference's {@code ReplicationConfig},
 * valid values and meanings. {@link PrimaryConfig.Builder} starts from these defaults and checks
 * these rules; so do Karaf's configurations and the command-line tool.
 */
public final class PrimaryProperties {

    public static final Property<HostPort> BIND_ADDR = Property.address(
                    "bind.addr", HostPort.parse("127.0.0.1:7631"), 0)
            .reference("bind_addr")
            .meaning("Where replicas connect; port 0 picks any free port. Keep 127.0.0.1 unless replicas run on other "
                    + "hosts: plaintext FCRP is not encrypted (see tls).");

    public static final Property<Integer> SHARD_COUNT = Property.powerOfTwo("shard.count", 16, KeyHash.MAX_SHARDS)
            .reference("(store shards)")
            .meaning("Shards of the embedded store; every shard has its own lock and sequence.");

    public static final Property<String> AUTH_TOKEN = Property.text("auth.token")
            .nonEmpty("leave it unset for no token")
            .secret()
            .reference("auth_token")
            .meaning("Token replicas must present; sent in clear text, compared in constant time, never logged. "
                    + "Unset: replicas need none.");

    public static final Property<Compression> COMPRESSION = Property.choice(
                    "compression", Compression.NONE, List.of(Compression.values()), Compression::configName)
            .reference("compression")
            .meaning("Compression of MutationBatch and non-empty SnapshotChunk frames.");

    public static final Property<Integer> ZSTD_LEVEL = Property.integer(
                    "zstd.level", 3, ZstdCodec.MIN_LEVEL, ZstdCodec.MAX_LEVEL)
            .reference("zstd_level")
            .meaning("zstd level when compressing: 0 is zstd's default (3), negative levels trade ratio for speed.");

    public static final Property<SendPolicy> SEND_POLICY = Property.choice(
                    "send.policy", SendPolicy.BATCH, List.of(SendPolicy.values()), SendPolicy::configName)
            .reference("send_policy")
            .meaning("immediate: one record per batch. batch: records accumulate until a batch.max.* threshold.");

    public static final Property<Integer> BATCH_MAX_RECORDS = Property.integer(
                    "batch.max.records", 512, 1, Integer.MAX_VALUE)
            .reference("batch_max_records")
            .meaning("Publish a batch at this many records.");

    public static final Property<Integer> BATCH_MAX_BYTES = Property.integer(
                    "batch.max.bytes", 1024 * 1024, 64, 64 * 1024 * 1024)
            .reference("batch_max_bytes")
            .meaning("Publish a batch when its records reach this many bytes.");

    public static final Property<Long> BATCH_MAX_DELAY_US = Property.whole("batch.max.delay.us", 750, 1, Long.MAX_VALUE)
            .reference("batch_max_delay_us")
            .meaning("Publish a non-empty batch at the latest after this many microseconds.");

    /** A shard's backlog is addressed with int offsets. */
    public static final Property<Long> BACKLOG_BYTES = Property.whole("backlog.bytes", 64L * 1024 * 1024, 0, 1L << 30)
            .reference("backlog_bytes")
            .meaning("Backlog retention per shard, in encoded frame bytes, held off the Java heap: replicas that fall "
                    + "behind or reconnect catch up from it without a snapshot.");

    /** The protocol's effective minimum chunk size is 4096 (spec §6.1); below it is refused, not rounded. */
    public static final Property<Integer> SNAPSHOT_CHUNK_BYTES = Property.integer(
                    "snapshot.chunk.bytes", 1024 * 1024, 4096, 64 * 1024 * 1024)
            .reference("snapshot_chunk_bytes")
            .meaning("Target size of one snapshot chunk.");

    public static final Property<Integer> MAX_REPLICAS = Property.integer("max.replicas", 16, 1, Integer.MAX_VALUE)
            .reference("max_replicas")
            .meaning("Concurrent replica sessions that have passed their handshake; a further replica is closed right "
                    + "after its Hello.");

    public static final Property<Long> CONNECT_TIMEOUT_MS = Property.whole("connect.timeout.ms", 500, 1, Long.MAX_VALUE)
            .reference("connect_timeout_ms")
            .meaning("Deadline for a replica's Hello (and its TLS handshake before it).");

    public static final Property<Long> WRITE_TIMEOUT_MS = Property.whole("write.timeout.ms", 500, 1, Long.MAX_VALUE)
            .reference("write_timeout_ms")
            .meaning("A replica that accepts no bytes for this long is disconnected.");

    public static final Property<Integer> SUBSCRIBER_CHANNEL_CAPACITY = Property.integer(
                    "subscriber.channel.capacity", 1024, 1, Integer.MAX_VALUE)
            .reference("subscriber_channel_capacity")
            .meaning("Batches a replica may be behind in one shard while the backlog keeps, even beyond backlog.bytes, "
                    + "what it still has to send.");

    public static final Property<Long> SUBSCRIBER_QUEUE_BYTES = Property.whole(
                    "subscriber.queue.bytes", 64L * 1024 * 1024, 1, Long.MAX_VALUE)
            .meaning("The same rule as subscriber.channel.capacity, in encoded bytes of one shard.");

    public static final Property<Long> STORE_MAX_BYTES = Property.whole("store.max.bytes", 0, 0, Long.MAX_VALUE)
            .meaning("Off-heap memory the embedded store may hold; a write beyond it fails with StoreFullException and "
                    + "changes nothing. 0: only the JVM's direct memory limit (-XX:MaxDirectMemorySize) applies.");

    public static final Property<Integer> MAX_PENDING_HANDSHAKES = Property.integer(
                    "max.pending.handshakes", 16, 1, Integer.MAX_VALUE)
            .meaning("Connections waiting for their Hello, apart from max.replicas; beyond it the oldest handshake of "
                    + "the address with the most pending ones is closed, so no client can keep replicas out.");

    public static final Property<Long> HEARTBEAT_INTERVAL_MS = Property.whole(
                    "heartbeat.interval.ms", 1000, 0, Long.MAX_VALUE)
            .meaning("An Ack frame is sent to a replica after this long without a write, so a Java replica notices "
                    + "a dead link within seconds; the reference replica ignores it. 0: no heartbeats.");

    /** Every property, in the README's order. */
    public static final List<Property<?>> ALL = List.of(
            BIND_ADDR,
            SHARD_COUNT,
            AUTH_TOKEN,
            COMPRESSION,
            ZSTD_LEVEL,
            SEND_POLICY,
            BATCH_MAX_RECORDS,
            BATCH_MAX_BYTES,
            BATCH_MAX_DELAY_US,
            BACKLOG_BYTES,
            SNAPSHOT_CHUNK_BYTES,
            MAX_REPLICAS,
            MAX_PENDING_HANDSHAKES,
            CONNECT_TIMEOUT_MS,
            WRITE_TIMEOUT_MS,
            HEARTBEAT_INTERVAL_MS,
            KeepAlive.IDLE_SECONDS,
            KeepAlive.INTERVAL_SECONDS,
            KeepAlive.PROBES,
            SUBSCRIBER_CHANNEL_CAPACITY,
            SUBSCRIBER_QUEUE_BYTES,
            STORE_MAX_BYTES);

    private PrimaryProperties() {}
}
