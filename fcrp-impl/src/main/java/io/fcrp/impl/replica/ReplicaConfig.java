package io.fcrp.impl.replica;

import io.fcrp.impl.net.HostPort;
import io.fcrp.impl.net.KeepAlive;
import io.fcrp.impl.protocol.FrameHeader;
import io.fcrp.impl.protocol.KeyHash;

/**
 * Settings of a replica, named after the reference's {@code ReplicationConfig} fields where one
 * exists. Built through {@link Builder}; {@link Builder#build()} rejects bad values with a message
 * naming the setting.
 */
public final class ReplicaConfig {

    private final HostPort upstream;
    private final String authToken;
    private final long connectTimeoutMs;
    private final long reconnectBackoffMs;
    private final long reconnectBackoffMaxMs;
    private final int maxFrameBytes;
    private final int localShards;
    private final long idleTimeoutMs;
    private final long gapWaitMs;
    private final long storeMaxBytes;
    private final KeepAlive keepAlive;

    private ReplicaConfig(Builder b) {
        upstream = b.upstream;
        authToken = b.authToken;
        connectTimeoutMs = b.connectTimeoutMs;
        reconnectBackoffMs = b.reconnectBackoffMs;
        reconnectBackoffMaxMs = b.reconnectBackoffMaxMs;
        maxFrameBytes = b.maxFrameBytes == 0 ? FrameBudget.defaultMaxFrameBytes() : b.maxFrameBytes;
        localShards = b.localShards;
        idleTimeoutMs = b.idleTimeoutMs;
        gapWaitMs = b.gapWaitMs;
        storeMaxBytes = b.storeMaxBytes;
        keepAlive = b.keepAlive;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code replica_of}: the primary to follow. */
    public HostPort upstream() {
        return upstream;
    }

    /** {@code auth_token}, or null for none. */
    public String authToken() {
        return authToken;
    }

    /** TCP connect timeout and the deadline for the primary's Hello answer. */
    public long connectTimeoutMs() {
        return connectTimeoutMs;
    }

    /** First pause after a failed session; it doubles up to {@link #reconnectBackoffMaxMs()}. */
    public long reconnectBackoffMs() {
        return reconnectBackoffMs;
    }

    public long reconnectBackoffMaxMs() {
        return reconnectBackoffMaxMs;
    }

    /**
     * Receive limit for both the wire and the uncompressed payload of a frame; by default derived
     * from the heap ({@link FrameBudget}).
     */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Shards of the local store (independent of the primary's). */
    public int localShards() {
        return localShards;
    }

    /**
     * Reconnect when nothing arrives for this long. 0 (the default) reconnects only once the primary
     * has shown that it sends heartbeats, after a few of their periods without a frame; TCP
     * keep-alive watches the link of a primary that sends none.
     */
    public long idleTimeoutMs() {
        return idleTimeoutMs;
    }

    /**
     * How long records after a gap in a shard's sequence are held back waiting for the missing
     * ones before they are applied anyway; 0 applies at once (the reference's behaviour).
     */
    public long gapWaitMs() {
        return gapWaitMs;
    }

    /**
     * {@code store.max.bytes}: the local store's off-heap memory limit, 0 for none of its own. A
     * snapshot being loaded counts too: the old data stays readable until it is replaced.
     */
    public long storeMaxBytes() {
        return storeMaxBytes;
    }

    /** TCP keep-alive timers of the connection to the primary. */
    public KeepAlive keepAlive() {
        return keepAlive;
    }

    /** Collects and validates replica settings. */
    public static final class Builder {
        private HostPort upstream;
        private String authToken;
        private long connectTimeoutMs = 500;
        private long reconnectBackoffMs = 200;
        private long reconnectBackoffMaxMs = 5000;
        private int maxFrameBytes;
        private int localShards = 16;
        private long idleTimeoutMs;
        private long gapWaitMs = 500;
        private long storeMaxBytes;
        private KeepAlive keepAlive = KeepAlive.DEFAULT;

        private Builder() {
        }

        public Builder upstream(HostPort value) {
            upstream = value;
            return this;
        }

        public Builder upstream(String value) {
            return upstream(HostPort.parse(value));
        }

        public Builder authToken(String value) {
            authToken = value;
            return this;
        }

        public Builder connectTimeoutMs(long value) {
            connectTimeoutMs = value;
            return this;
        }

        public Builder reconnectBackoffMs(long value) {
            reconnectBackoffMs = value;
            return this;
        }

        public Builder reconnectBackoffMaxMs(long value) {
            reconnectBackoffMaxMs = value;
            return this;
        }

        /** 0: derived from the maximum heap ({@link FrameBudget}). */
        public Builder maxFrameBytes(int value) {
            maxFrameBytes = value;
            return this;
        }

        public Builder localShards(int value) {
            localShards = value;
            return this;
        }

        public Builder idleTimeoutMs(long value) {
            idleTimeoutMs = value;
            return this;
        }

        public Builder gapWaitMs(long value) {
            gapWaitMs = value;
            return this;
        }

        public Builder storeMaxBytes(long value) {
            storeMaxBytes = value;
            return this;
        }

        /** The {@code tcp.keepalive.*} timers, checked by {@link KeepAlive#of}. */
        public Builder keepAlive(KeepAlive value) {
            keepAlive = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting */
        public ReplicaConfig build() {
            require(upstream != null, "replica.of is required");
            require(upstream.port() > 0, "replica.of needs a port above 0, not " + upstream);
            require(authToken == null || !authToken.isEmpty(),
                    "auth.token must not be empty: leave it unset for no token");
            require(connectTimeoutMs >= 1, "connect.timeout.ms must be at least 1, not " + connectTimeoutMs);
            require(reconnectBackoffMs >= 1, "reconnect.backoff.ms must be at least 1, not " + reconnectBackoffMs);
            require(reconnectBackoffMaxMs >= reconnectBackoffMs, "reconnect.backoff.max.ms must be at least "
                    + "reconnect.backoff.ms (" + reconnectBackoffMs + "), not " + reconnectBackoffMaxMs);
            require(maxFrameBytes == 0 || maxFrameBytes >= 4096 && maxFrameBytes <= FrameHeader.MAX_PAYLOAD,
                    "max.frame.bytes must be between 4096 and 268435456 (0: derived from the heap), not "
                            + maxFrameBytes);
            KeyHash.requireShardCount(localShards);
            require(idleTimeoutMs >= 0, "idle.timeout.ms must not be negative, not " + idleTimeoutMs);
            require(gapWaitMs >= 0, "gap.wait.ms must not be negative, not " + gapWaitMs);
            require(storeMaxBytes >= 0, "store.max.bytes must not be negative (0 = no limit of its own), not "
                    + storeMaxBytes);
            require(keepAlive != null, "the tcp.keepalive.* timers are required");
            return new ReplicaConfig(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
