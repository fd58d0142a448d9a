package io.fcrp.impl.primary;

import io.fcrp.impl.net.HostPort;
import io.fcrp.impl.net.KeepAlive;
import io.fcrp.impl.protocol.Compression;
import io.fcrp.impl.protocol.KeyHash;
import io.fcrp.impl.protocol.ZstdCodec;

/**
 * Settings of a primary, named after the reference's {@code ReplicationConfig} fields and with
 * its defaults. Built through {@link Builder}; {@link Builder#build()} rejects bad values with a
 * message naming the setting.
 */
public final class PrimaryConfig {

    private final HostPort bindAddress;
    private final int shardCount;
    private final String authToken;
    private final Compression compression;
    private final int zstdLevel;
    private final SendPolicy sendPolicy;
    private final int batchMaxRecords;
    private final int batchMaxBytes;
    private final long batchMaxDelayMicros;
    private final long backlogBytes;
    private final int snapshotChunkBytes;
    private final int maxReplicas;
    private final long connectTimeoutMs;
    private final long writeTimeoutMs;
    private final int subscriberChannelCapacity;
    private final long subscriberQueueBytes;
    private final long storeMaxBytes;
    private final int maxPendingHandshakes;
    private final long heartbeatIntervalMs;
    private final KeepAlive keepAlive;

    private PrimaryConfig(Builder b) {
        bindAddress = b.bindAddress;
        shardCount = b.shardCount;
        authToken = b.authToken;
        compression = b.compression;
        zstdLevel = b.zstdLevel;
        sendPolicy = b.sendPolicy;
        batchMaxRecords = b.batchMaxRecords;
        batchMaxBytes = b.batchMaxBytes;
        batchMaxDelayMicros = b.batchMaxDelayMicros;
        backlogBytes = b.backlogBytes;
        snapshotChunkBytes = b.snapshotChunkBytes;
        maxReplicas = b.maxReplicas;
        connectTimeoutMs = b.connectTimeoutMs;
        writeTimeoutMs = b.writeTimeoutMs;
        subscriberChannelCapacity = b.subscriberChannelCapacity;
        subscriberQueueBytes = b.subscriberQueueBytes;
        storeMaxBytes = b.storeMaxBytes;
        maxPendingHandshakes = b.maxPendingHandshakes;
        heartbeatIntervalMs = b.heartbeatIntervalMs;
        keepAlive = b.keepAlive;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder().bindAddress(bindAddress).shardCount(shardCount).authToken(authToken)
                .compression(compression).zstdLevel(zstdLevel).sendPolicy(sendPolicy).batchMaxRecords(batchMaxRecords)
                .batchMaxBytes(batchMaxBytes).batchMaxDelayMicros(batchMaxDelayMicros).backlogBytes(backlogBytes)
                .snapshotChunkBytes(snapshotChunkBytes).maxReplicas(maxReplicas).connectTimeoutMs(connectTimeoutMs)
                .writeTimeoutMs(writeTimeoutMs).subscriberChannelCapacity(subscriberChannelCapacity)
                .subscriberQueueBytes(subscriberQueueBytes).storeMaxBytes(storeMaxBytes)
                .maxPendingHandshakes(maxPendingHandshakes).heartbeatIntervalMs(heartbeatIntervalMs)
                .keepAlive(keepAlive);
    }

    /** {@code bind_addr}: where replicas connect. */
    public HostPort bindAddress() {
        return bindAddress;
    }

    public int shardCount() {
        return shardCount;
    }

    /** {@code auth_token}, or null when replicas need none. */
    public String authToken() {
        return authToken;
    }

    public Compression compression() {
        return compression;
    }

    public int zstdLevel() {
        return zstdLevel;
    }

    public SendPolicy sendPolicy() {
        return sendPolicy;
    }

    public int batchMaxRecords() {
        return batchMaxRecords;
    }

    public int batchMaxBytes() {
        return batchMaxBytes;
    }

    public long batchMaxDelayMicros() {
        return batchMaxDelayMicros;
    }

    /** {@code backlog_bytes}: retention per shard, in encoded frame bytes. */
    public long backlogBytes() {
        return backlogBytes;
    }

    public int snapshotChunkBytes() {
        return snapshotChunkBytes;
    }

    /** Authenticated replica sessions served at once. */
    public int maxReplicas() {
        return maxReplicas;
    }

    /** Connections that may wait for their Hello at once. */
    public int maxPendingHandshakes() {
        return maxPendingHandshakes;
    }

    /** An idle session sends a heartbeat (an Ack frame) after this long; 0 sends none. */
    public long heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    /** TCP keep-alive timers of every replica connection. */
    public KeepAlive keepAlive() {
        return keepAlive;
    }

    /** Deadline for a replica's Hello. */
    public long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    public long writeTimeoutMs() {
        return writeTimeoutMs;
    }

    /** Live batches queued per replica before the replica's gap is served from the backlog. */
    public int subscriberChannelCapacity() {
        return subscriberChannelCapacity;
    }

    /** Bytes of live batches queued per replica before its gap is served from the backlog. */
    public long subscriberQueueBytes() {
        return subscriberQueueBytes;
    }

    /** {@code store.max.bytes}: the embedded store's off-heap memory limit, 0 for none of its own. */
    public long storeMaxBytes() {
        return storeMaxBytes;
    }

    /** Collects and validates primary settings. */
    public static final class Builder {
        private HostPort bindAddress = HostPort.parse("127.0.0.1:7631");
        private int shardCount = 16;
        private String authToken;
        private Compression compression = Compression.NONE;
        private int zstdLevel = 3;
        private SendPolicy sendPolicy = SendPolicy.BATCH;
        private int batchMaxRecords = 512;
        private int batchMaxBytes = 1024 * 1024;
        private long batchMaxDelayMicros = 750;
        private long backlogBytes = 64L * 1024 * 1024;
        private int snapshotChunkBytes = 1024 * 1024;
        private int maxReplicas = 16;
        private long connectTimeoutMs = 500;
        private long writeTimeoutMs = 500;
        private int subscriberChannelCapacity = 1024;
        private long subscriberQueueBytes = 64L * 1024 * 1024;
        private long storeMaxBytes;
        private int maxPendingHandshakes = 16;
        private long heartbeatIntervalMs = 1000;
        private KeepAlive keepAlive = KeepAlive.DEFAULT;

        private Builder() {
        }

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

        /** @throws IllegalArgumentException naming the first invalid setting */
        public PrimaryConfig build() {
            require(bindAddress != null, "bind.addr is required");
            KeyHash.requireShardCount(shardCount);
            require(authToken == null || !authToken.isEmpty(),
                    "auth.token must not be empty: leave it unset for no token");
            require(compression != null, "compression is required");
            if (compression == Compression.ZSTD) {
                ZstdCodec.checkLevel(zstdLevel);
            }
            require(sendPolicy != null, "send.policy is required");
            require(batchMaxRecords >= 1, "batch.max.records must be at least 1, not " + batchMaxRecords);
            require(batchMaxBytes >= 64 && batchMaxBytes <= 64 * 1024 * 1024,
                    "batch.max.bytes must be between 64 and 67108864, not " + batchMaxBytes);
            require(batchMaxDelayMicros >= 1, "batch.max.delay.us must be at least 1, not " + batchMaxDelayMicros);
            // a shard's backlog is one off-heap ring, addressed with int offsets
            require(backlogBytes >= 0 && backlogBytes <= 1L << 30,
                    "backlog.bytes must be between 0 and 1073741824, not " + backlogBytes);
            require(snapshotChunkBytes >= 1 && snapshotChunkBytes <= 64 * 1024 * 1024,
                    "snapshot.chunk.bytes must be between 1 and 67108864, not " + snapshotChunkBytes);
            require(maxReplicas >= 1, "max.replicas must be at least 1, not " + maxReplicas);
            require(connectTimeoutMs >= 1, "connect.timeout.ms must be at least 1, not " + connectTimeoutMs);
            require(writeTimeoutMs >= 1, "write.timeout.ms must be at least 1, not " + writeTimeoutMs);
            require(subscriberChannelCapacity >= 1,
                    "subscriber.channel.capacity must be at least 1, not " + subscriberChannelCapacity);
            require(subscriberQueueBytes >= 1, "subscriber.queue.bytes must be at least 1, not " + subscriberQueueBytes);
            require(storeMaxBytes >= 0, "store.max.bytes must not be negative (0 = no limit of its own), not "
                    + storeMaxBytes);
            require(keepAlive != null, "the tcp.keepalive.* timers are required");
            require(maxPendingHandshakes >= 1, "max.pending.handshakes must be at least 1, not " + maxPendingHandshakes);
            require(heartbeatIntervalMs >= 0, "heartbeat.interval.ms must not be negative (0 = none), not "
                    + heartbeatIntervalMs);
            return new PrimaryConfig(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
