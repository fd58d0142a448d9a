package io.fcrp.impl.primary;

import static io.fcrp.impl.primary.PrimaryProperties.AUTH_TOKEN;
import static io.fcrp.impl.primary.PrimaryProperties.BACKLOG_BYTES;
import static io.fcrp.impl.primary.PrimaryProperties.BATCH_MAX_BYTES;
import static io.fcrp.impl.primary.PrimaryProperties.BATCH_MAX_DELAY_US;
import static io.fcrp.impl.primary.PrimaryProperties.BATCH_MAX_RECORDS;
import static io.fcrp.impl.primary.PrimaryProperties.BIND_ADDR;
import static io.fcrp.impl.primary.PrimaryProperties.COMPRESSION;
import static io.fcrp.impl.primary.PrimaryProperties.CONNECT_TIMEOUT_MS;
import static io.fcrp.impl.primary.PrimaryProperties.HEARTBEAT_INTERVAL_MS;
import static io.fcrp.impl.primary.PrimaryProperties.MAX_PENDING_HANDSHAKES;
import static io.fcrp.impl.primary.PrimaryProperties.MAX_REPLICAS;
import static io.fcrp.impl.primary.PrimaryProperties.SEND_POLICY;
import static io.fcrp.impl.primary.PrimaryProperties.SHARD_COUNT;
import static io.fcrp.impl.primary.PrimaryProperties.SNAPSHOT_CHUNK_BYTES;
import static io.fcrp.impl.primary.PrimaryProperties.STORE_MAX_BYTES;
import static io.fcrp.impl.primary.PrimaryProperties.SUBSCRIBER_CHANNEL_CAPACITY;
import static io.fcrp.impl.primary.PrimaryProperties.SUBSCRIBER_QUEUE_BYTES;
import static io.fcrp.impl.primary.PrimaryProperties.WRITE_TIMEOUT_MS;
import static io.fcrp.impl.primary.PrimaryProperties.ZSTD_LEVEL;

import io.fcrp.impl.net.KeepAlive;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.settings.HostPort;
import io.fcrp.impl.settings.Problems;
import io.fcrp.impl.settings.RecordText;
import io.fcrp.impl.tls.TlsContext;

/**
 * Settings of a primary, named after the reference's {@code ReplicationConfig} fields and with
 * its defaults ({@link PrimaryProperties}). The constructor rejects bad values with a message
 * naming every invalid setting; {@link Builder} starts from the defaults.
 *
 * @param bindAddress {@code bind_addr}: where replicas connect
 * @param authToken {@code auth_token}, or null when replicas need none
 * @param backlogBytes {@code backlog_bytes}: retention per shard, in encoded frame bytes
 * @param maxReplicas authenticated replica sessions served at once
 * @param connectTimeoutMs deadline for a replica's Hello (and its TLS handshake before it)
 * @param subscriberChannelCapacity live batches queued per replica before the replica's gap is
 *        served from the backlog
 * @param subscriberQueueBytes bytes of live batches queued per replica before its gap is served
 *        from the backlog
 * @param storeMaxBytes {@code store.max.bytes}: the embedded store's off-heap memory limit, 0 for
 *        none of its own
 * @param maxPendingHandshakes connections that may wait for their Hello at once
 * @param heartbeatIntervalMs an idle session sends a heartbeat (an Ack frame) after this long; 0
 *        sends none
 * @param keepAlive TCP keep-alive timers of every replica connection
 * @param tls TLS for the connections accepted (files loaded and checked), or null for plaintext
 *        FCRP v1
 */
public record PrimaryConfig(
        HostPort bindAddress,
        int shardCount,
        String authToken,
        Compression compression,
        int zstdLevel,
        SendPolicy sendPolicy,
        int batchMaxRecords,
        int batchMaxBytes,
        long batchMaxDelayMicros,
        long backlogBytes,
        int snapshotChunkBytes,
        int maxReplicas,
        long connectTimeoutMs,
        long writeTimeoutMs,
        int subscriberChannelCapacity,
        long subscriberQueueBytes,
        long storeMaxBytes,
        int maxPendingHandshakes,
        long heartbeatIntervalMs,
        KeepAlive keepAlive,
        TlsContext tls) {

    /** @throws IllegalArgumentException naming every invalid setting (the rules of {@link PrimaryProperties}) */
    public PrimaryConfig {
        Problems problems = new Problems();
        problems.require(bindAddress != null, BIND_ADDR.name() + " is required");
        problems.require(compression != null, COMPRESSION.name() + " is required");
        problems.require(sendPolicy != null, SEND_POLICY.name() + " is required");
        problems.require(keepAlive != null, "the tcp.keepalive.* timers are required");
        problems.check(BIND_ADDR, bindAddress);
        problems.check(SHARD_COUNT, shardCount);
        problems.check(AUTH_TOKEN, authToken);
        problems.check(ZSTD_LEVEL, zstdLevel);
        problems.check(BATCH_MAX_RECORDS, batchMaxRecords);
        problems.check(BATCH_MAX_BYTES, batchMaxBytes);
        problems.check(BATCH_MAX_DELAY_US, batchMaxDelayMicros);
        problems.check(BACKLOG_BYTES, backlogBytes);
        problems.check(SNAPSHOT_CHUNK_BYTES, snapshotChunkBytes);
        problems.check(MAX_REPLICAS, maxReplicas);
        problems.check(CONNECT_TIMEOUT_MS, connectTimeoutMs);
        problems.check(WRITE_TIMEOUT_MS, writeTimeoutMs);
        problems.check(SUBSCRIBER_CHANNEL_CAPACITY, subscriberChannelCapacity);
        problems.check(SUBSCRIBER_QUEUE_BYTES, subscriberQueueBytes);
        problems.check(STORE_MAX_BYTES, storeMaxBytes);
        problems.check(MAX_PENDING_HANDSHAKES, maxPendingHandshakes);
        problems.check(HEARTBEAT_INTERVAL_MS, heartbeatIntervalMs);
        problems.throwIfAny();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder()
                .bindAddress(bindAddress)
                .shardCount(shardCount)
                .authToken(authToken)
                .compression(compression)
                .zstdLevel(zstdLevel)
                .sendPolicy(sendPolicy)
                .batchMaxRecords(batchMaxRecords)
                .batchMaxBytes(batchMaxBytes)
                .batchMaxDelayMicros(batchMaxDelayMicros)
                .backlogBytes(backlogBytes)
                .snapshotChunkBytes(snapshotChunkBytes)
                .maxReplicas(maxReplicas)
                .connectTimeoutMs(connectTimeoutMs)
                .writeTimeoutMs(writeTimeoutMs)
                .subscriberChannelCapacity(subscriberChannelCapacity)
                .subscriberQueueBytes(subscriberQueueBytes)
                .storeMaxBytes(storeMaxBytes)
                .maxPendingHandshakes(maxPendingHandshakes)
                .heartbeatIntervalMs(heartbeatIntervalMs)
                .keepAlive(keepAlive)
                .tls(tls);
    }

    /** The values, the token's hidden. */
    @Override
    public String toString() {
        return RecordText.describe(this, "authToken");
    }

    /** Collects and validates primary settings. */
    public static final class Builder {
        private HostPort bindAddress = BIND_ADDR.defaultValue();
        private int shardCount = SHARD_COUNT.defaultValue();
        private String authToken = AUTH_TOKEN.defaultValue();
        private Compression compression = COMPRESSION.defaultValue();
        private int zstdLevel = ZSTD_LEVEL.defaultValue();
        private SendPolicy sendPolicy = SEND_POLICY.defaultValue();
        private int batchMaxRecords = BATCH_MAX_RECORDS.defaultValue();
        private int batchMaxBytes = BATCH_MAX_BYTES.defaultValue();
        private long batchMaxDelayMicros = BATCH_MAX_DELAY_US.defaultValue();
        private long backlogBytes = BACKLOG_BYTES.defaultValue();
        private int snapshotChunkBytes = SNAPSHOT_CHUNK_BYTES.defaultValue();
        private int maxReplicas = MAX_REPLICAS.defaultValue();
        private long connectTimeoutMs = CONNECT_TIMEOUT_MS.defaultValue();
        private long writeTimeoutMs = WRITE_TIMEOUT_MS.defaultValue();
        private int subscriberChannelCapacity = SUBSCRIBER_CHANNEL_CAPACITY.defaultValue();
        private long subscriberQueueBytes = SUBSCRIBER_QUEUE_BYTES.defaultValue();
        private long storeMaxBytes = STORE_MAX_BYTES.defaultValue();
        private int maxPendingHandshakes = MAX_PENDING_HANDSHAKES.defaultValue();
        private long heartbeatIntervalMs = HEARTBEAT_INTERVAL_MS.defaultValue();
        private KeepAlive keepAlive = KeepAlive.DEFAULT;
        private TlsContext tls;

        private Builder() {}

        public Builder bindAddress(HostPort value) {
            bindAddress = value;
            return this;
        }

        public Builder bindAddress(String value) {
            return bindAddress(HostPort.parse(value));
        }

        public Builder shardCount(int value) {
            shardCount = value;
            return this;
        }

        /** Null for none; an empty token is refused by {@link #build()}. */
        public Builder authToken(String value) {
            authToken = value;
            return this;
        }

        public Builder compression(Compression value) {
            compression = value;
            return this;
        }

        public Builder zstdLevel(int value) {
            zstdLevel = value;
            return this;
        }

        public Builder sendPolicy(SendPolicy value) {
            sendPolicy = value;
            return this;
        }

        public Builder batchMaxRecords(int value) {
            batchMaxRecords = value;
            return this;
        }

        public Builder batchMaxBytes(int value) {
            batchMaxBytes = value;
            return this;
        }

        public Builder batchMaxDelayMicros(long value) {
            batchMaxDelayMicros = value;
            return this;
        }

        public Builder backlogBytes(long value) {
            backlogBytes = value;
            return this;
        }

        public Builder snapshotChunkBytes(int value) {
            snapshotChunkBytes = value;
            return this;
        }

        public Builder maxReplicas(int value) {
            maxReplicas = value;
            return this;
        }

        public Builder connectTimeoutMs(long value) {
            connectTimeoutMs = value;
            return this;
        }

        public Builder writeTimeoutMs(long value) {
            writeTimeoutMs = value;
            return this;
        }

        public Builder subscriberChannelCapacity(int value) {
            subscriberChannelCapacity = value;
            return this;
        }

        public Builder subscriberQueueBytes(long value) {
            subscriberQueueBytes = value;
            return this;
        }

        public Builder storeMaxBytes(long value) {
            storeMaxBytes = value;
            return this;
        }

        public Builder maxPendingHandshakes(int value) {
            maxPendingHandshakes = value;
            return this;
        }

        public Builder heartbeatIntervalMs(long value) {
            heartbeatIntervalMs = value;
            return this;
        }

        /** The {@code tcp.keepalive.*} timers, checked by {@link KeepAlive#of}. */
        public Builder keepAlive(KeepAlive value) {
            keepAlive = value;
            return this;
        }

        /** TLS for the connections accepted ({@code TlsProperties.read}); null (the default) for plaintext. */
        public Builder tls(TlsContext value) {
            tls = value;
            return this;
        }

        /** What is wrong with these settings; empty when {@link #build()} succeeds. */
        public Problems problems() {
            return Problems.of(this::build);
        }

        /** @throws IllegalArgumentException naming every invalid setting */
        public PrimaryConfig build() {
            return new PrimaryConfig(
                    bindAddress,
                    shardCount,
                    authToken,
                    compression,
                    zstdLevel,
                    sendPolicy,
                    batchMaxRecords,
                    batchMaxBytes,
                    batchMaxDelayMicros,
                    backlogBytes,
                    snapshotChunkBytes,
                    maxReplicas,
                    connectTimeoutMs,
                    writeTimeoutMs,
                    subscriberChannelCapacity,
                    subscriberQueueBytes,
                    storeMaxBytes,
                    maxPendingHandshakes,
                    heartbeatIntervalMs,
                    keepAlive,
                    tls);
        }
    }
}
