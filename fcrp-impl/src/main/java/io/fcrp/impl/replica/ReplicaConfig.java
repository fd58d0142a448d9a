package io.fcrp.impl.replica;

import static io.fcrp.impl.replica.ReplicaProperties.AUTH_TOKEN;
import static io.fcrp.impl.replica.ReplicaProperties.CONNECT_TIMEOUT_MS;
import static io.fcrp.impl.replica.ReplicaProperties.GAP_WAIT_MS;
import static io.fcrp.impl.replica.ReplicaProperties.IDLE_TIMEOUT_MS;
import static io.fcrp.impl.replica.ReplicaProperties.LOCAL_SHARDS;
import static io.fcrp.impl.replica.ReplicaProperties.MAX_FRAME_BYTES;
import static io.fcrp.impl.replica.ReplicaProperties.RECONNECT_BACKOFF_MAX_MS;
import static io.fcrp.impl.replica.ReplicaProperties.RECONNECT_BACKOFF_MS;
import static io.fcrp.impl.replica.ReplicaProperties.REPLICA_OF;
import static io.fcrp.impl.replica.ReplicaProperties.STORE_MAX_BYTES;

import io.fcrp.impl.settings.HostPort;
import io.fcrp.impl.net.KeepAlive;
import io.fcrp.impl.settings.Problems;
import io.fcrp.impl.tls.TlsContext;

/**
 * Settings of a replica, named after the reference's {@code ReplicationConfig} fields where one
 * exists, with the defaults of {@link ReplicaProperties}. Built through {@link Builder};
 * {@link Builder#build()} rejects bad values with a message naming every invalid setting.
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
    private final TlsContext tls;

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
        tls = b.tls;
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

    /** TLS to the primary (files loaded and checked), or null for plaintext FCRP v1. */
    public TlsContext tls() {
        return tls;
    }

    /** Collects and validates replica settings. */
    public static final class Builder {
        private HostPort upstream = REPLICA_OF.defaultValue();
        private String authToken = AUTH_TOKEN.defaultValue();
        private long connectTimeoutMs = CONNECT_TIMEOUT_MS.defaultValue();
        private long reconnectBackoffMs = RECONNECT_BACKOFF_MS.defaultValue();
        private long reconnectBackoffMaxMs = RECONNECT_BACKOFF_MAX_MS.defaultValue();
        private int maxFrameBytes = MAX_FRAME_BYTES.defaultValue();
        private int localShards = LOCAL_SHARDS.defaultValue();
        private long idleTimeoutMs = IDLE_TIMEOUT_MS.defaultValue();
        private long gapWaitMs = GAP_WAIT_MS.defaultValue();
        private long storeMaxBytes = STORE_MAX_BYTES.defaultValue();
        private KeepAlive keepAlive = KeepAlive.DEFAULT;
        private TlsContext tls;

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

        /** TLS to the primary ({@code TlsProperties.read}); null (the default) for plaintext. */
        public Builder tls(TlsContext value) {
            tls = value;
            return this;
        }

        /** What is wrong with these settings (the rules of {@link ReplicaProperties}); empty when {@link #build()} succeeds. */
        public Problems problems() {
            Problems problems = new Problems();
            problems.require(keepAlive != null, "the tcp.keepalive.* timers are required");
            problems.check(REPLICA_OF, upstream);
            problems.check(AUTH_TOKEN, authToken);
            problems.check(CONNECT_TIMEOUT_MS, connectTimeoutMs);
            problems.check(RECONNECT_BACKOFF_MS, reconnectBackoffMs);
            problems.check(RECONNECT_BACKOFF_MAX_MS, reconnectBackoffMaxMs);
            problems.require(reconnectBackoffMaxMs >= reconnectBackoffMs, RECONNECT_BACKOFF_MAX_MS.name()
                    + " must be at least " + RECONNECT_BACKOFF_MS.name() + " (" + reconnectBackoffMs + "), not "
                    + reconnectBackoffMaxMs);
            problems.check(MAX_FRAME_BYTES, maxFrameBytes);
            problems.check(LOCAL_SHARDS, localShards);
            problems.check(IDLE_TIMEOUT_MS, idleTimeoutMs);
            problems.check(GAP_WAIT_MS, gapWaitMs);
            problems.check(STORE_MAX_BYTES, storeMaxBytes);
            return problems;
        }

        /** @throws IllegalArgumentException naming every invalid setting */
        public ReplicaConfig build() {
            problems().throwIfAny();
            return new ReplicaConfig(this);
        }
    }
}
