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

import io.fcrp.impl.net.KeepAlive;
import io.fcrp.impl.settings.HostPort;
import io.fcrp.impl.settings.Problems;
import io.fcrp.impl.settings.RecordText;
import io.fcrp.impl.tls.TlsContext;

/**
 * Settings of a replica, named after the reference's {@code ReplicationConfig} fields where one
 * exists, with the defaults of {@link ReplicaProperties}. The constructor rejects bad values with
 * a message naming every invalid setting; {@link Builder} starts from the defaults.
 *
 * @param upstream {@code replica_of}: the primary to follow
 * @param authToken {@code auth_token}, or null for none
 * @param connectTimeoutMs TCP connect timeout and the deadline for the primary's Hello answer
 * @param reconnectBackoffMs first pause after a failed session; it doubles up to
 *        {@code reconnectBackoffMaxMs}
 * @param maxFrameBytes receive limit for both the wire and the uncompressed payload of a frame; 0
 *        derives it from the heap ({@link FrameBudget}), which the accessor then returns
 * @param localShards shards of the local store (independent of the primary's)
 * @param idleTimeoutMs reconnect when nothing arrives for this long. 0 (the default) reconnects
 *        only once the primary has shown that it sends heartbeats, after a few of their periods
 *        without a frame; TCP keep-alive watches the link of a primary that sends none
 * @param gapWaitMs how long records after a gap in a shard's sequence are held back waiting for
 *        the missing ones before they are applied anyway; 0 applies at once (the reference's
 *        behaviour)
 * @param storeMaxBytes {@code store.max.bytes}: the local store's off-heap memory limit, 0 for
 *        none of its own. A snapshot being loaded counts too: the old data stays readable until it
 *        is replaced
 * @param keepAlive TCP keep-alive timers of the connection to the primary
 * @param tls TLS to the primary (files loaded and checked), or null for plaintext FCRP v1
 */
public record ReplicaConfig(
        HostPort upstream,
        String authToken,
        long connectTimeoutMs,
        long reconnectBackoffMs,
        long reconnectBackoffMaxMs,
        int maxFrameBytes,
        int localShards,
        long idleTimeoutMs,
        long gapWaitMs,
        long storeMaxBytes,
        KeepAlive keepAlive,
        TlsContext tls) {

    /** @throws IllegalArgumentException naming every invalid setting (the rules of {@link ReplicaProperties}) */
    public ReplicaConfig {
        Problems problems = new Problems();
        problems.require(keepAlive != null, "the tcp.keepalive.* timers are required");
        problems.check(REPLICA_OF, upstream);
        problems.check(AUTH_TOKEN, authToken);
        problems.check(CONNECT_TIMEOUT_MS, connectTimeoutMs);
        problems.check(RECONNECT_BACKOFF_MS, reconnectBackoffMs);
        problems.check(RECONNECT_BACKOFF_MAX_MS, reconnectBackoffMaxMs);
        problems.require(
                reconnectBackoffMaxMs >= reconnectBackoffMs,
                RECONNECT_BACKOFF_MAX_MS.name()
                        + " must be at least " + RECONNECT_BACKOFF_MS.name() + " (" + reconnectBackoffMs + "), not "
                        + reconnectBackoffMaxMs);
        problems.check(MAX_FRAME_BYTES, maxFrameBytes);
        problems.check(LOCAL_SHARDS, localShards);
        problems.check(IDLE_TIMEOUT_MS, idleTimeoutMs);
        problems.check(GAP_WAIT_MS, gapWaitMs);
        problems.check(STORE_MAX_BYTES, storeMaxBytes);
        problems.throwIfAny();
        if (maxFrameBytes == 0) {
            maxFrameBytes = FrameBudget.defaultMaxFrameBytes();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The values, the token's hidden. */
    @Override
    public String toString() {
        return RecordText.describe(this, "authToken");
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

        private Builder() {}

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

        /** What is wrong with these settings; empty when {@link #build()} succeeds. */
        public Problems problems() {
            return Problems.of(this::build);
        }

        /** @throws IllegalArgumentException naming every invalid setting */
        public ReplicaConfig build() {
            return new ReplicaConfig(
                    upstream,
                    authToken,
                    connectTimeoutMs,
                    reconnectBackoffMs,
                    reconnectBackoffMaxMs,
                    maxFrameBytes,
                    localShards,
                    idleTimeoutMs,
                    gapWaitMs,
                    storeMaxBytes,
                    keepAlive,
                    tls);
        }
    }
}
