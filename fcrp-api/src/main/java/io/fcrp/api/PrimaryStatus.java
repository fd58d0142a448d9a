package io.fcrp.api;

import java.util.List;
import java.util.Objects;

/**
 * A reading of a primary ({@link PrimaryControl#status()}). Built with {@link #builder()}: eleven
 * components, several of them counters of one type, would make a positional call unreadable.
 *
 * @param store whose store it replicates
 * @param bindAddress the configured {@code bind.addr}
 * @param listenAddress the address listened on ({@code host:port}, the real port when 0 was
 *        configured); empty when not serving
 * @param shardCount shards of the replicated store; 0 while no store is available
 * @param watermarks highest published sequence per shard; empty while no store is available
 * @param sessions the open replica sessions; none when not serving
 * @param metrics the reference's metrics; while serving with the server's own counts (see
 *        {@link ReplicationServer#metrics()}), all 0 while no store is available
 * @param backlog the backlog's size and reach; empty while no store is available
 * @param droppedReplicas sessions the running server dropped because the backlog could not fill their gap
 * @param rejectedConnections connections the running server refused: over {@code max.replicas},
 *        failed or late handshakes, bad frames
 * @param storeMemory the embedded store's off-heap memory; {@link StoreMemory#none()} for an external store
 */
public record PrimaryStatus(
        StoreKind store,
        String bindAddress,
        String listenAddress,
        int shardCount,
        ShardWatermarks watermarks,
        List<ReplicaSessionInfo> sessions,
        ReplicationMetrics metrics,
        BacklogStats backlog,
        long droppedReplicas,
        long rejectedConnections,
        StoreMemory storeMemory) {

    /** Checks the figures, and that a primary that does not serve has no sessions. */
    public PrimaryStatus {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(watermarks, "watermarks");
        sessions = List.copyOf(sessions);
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(backlog, "backlog");
        Objects.requireNonNull(storeMemory, "storeMemory");
        Figures.requireNonNegative("shardCount", shardCount);
        Figures.requireNonNegative("droppedReplicas", droppedReplicas);
        Figures.requireNonNegative("rejectedConnections", rejectedConnections);
        if (listenAddress.isEmpty() && !sessions.isEmpty()) {
            throw new IllegalArgumentException("a primary that does not serve has no sessions, not " + sessions.size());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True while its TCP endpoint accepts replicas: it has a listen address. */
    public boolean serving() {
        return !listenAddress.isEmpty();
    }

    /** Sessions forwarding the live stream ({@link SessionState#LIVE}). */
    public int liveReplicas() {
        return (int) sessions.stream()
                .filter(session -> session.state() == SessionState.LIVE)
                .count();
    }

    /**
     * Most records published and not yet written to one replica; 0 without sessions, -1 when every
     * session is still deciding how to bootstrap.
     */
    public long maxRecordsBehind() {
        return sessions.stream()
                .mapToLong(ReplicaSessionInfo::recordsBehind)
                .max()
                .orElse(0);
    }

    /**
     * Most bytes published and not yet written to one replica; 0 without sessions, -1 when every
     * session is still deciding how to bootstrap.
     */
    public long maxBytesBehind() {
        return sessions.stream()
                .mapToLong(ReplicaSessionInfo::bytesBehind)
                .max()
                .orElse(0);
    }

    /**
     * Builds a {@link PrimaryStatus}: unset, it is an embedded primary that does not serve and has no
     * store yet (no shards, empty watermarks and backlog, metrics 0, no memory).
     */
    public static final class Builder {

        private StoreKind store = StoreKind.EMBEDDED;
        private String bindAddress = "";
        private String listenAddress = "";
        private int shardCount;
        private ShardWatermarks watermarks = ShardWatermarks.empty();
        private List<ReplicaSessionInfo> sessions = List.of();
        private ReplicationMetrics metrics = ReplicationMetrics.zeros();
        private BacklogStats backlog = BacklogStats.empty();
        private long droppedReplicas;
        private long rejectedConnections;
        private StoreMemory storeMemory = StoreMemory.none();

        private Builder() {}

        public Builder store(StoreKind value) {
            store = value;
            return this;
        }

        public Builder bindAddress(String value) {
            bindAddress = value;
            return this;
        }

        /** {@code host:port} while serving; unset (empty) when not serving. */
        public Builder listenAddress(String value) {
            listenAddress = value;
            return this;
        }

        public Builder shardCount(int value) {
            shardCount = value;
            return this;
        }

        public Builder watermarks(ShardWatermarks value) {
            watermarks = value;
            return this;
        }

        public Builder sessions(List<ReplicaSessionInfo> value) {
            sessions = value;
            return this;
        }

        public Builder metrics(ReplicationMetrics value) {
            metrics = value;
            return this;
        }

        public Builder backlog(BacklogStats value) {
            backlog = value;
            return this;
        }

        public Builder droppedReplicas(long value) {
            droppedReplicas = value;
            return this;
        }

        public Builder rejectedConnections(long value) {
            rejectedConnections = value;
            return this;
        }

        public Builder storeMemory(StoreMemory value) {
            storeMemory = value;
            return this;
        }

        /** @throws IllegalArgumentException when a figure is negative, or sessions are given without serving */
        public PrimaryStatus build() {
            return new PrimaryStatus(
                    store,
                    bindAddress,
                    listenAddress,
                    shardCount,
                    watermarks,
                    sessions,
                    metrics,
                    backlog,
                    droppedReplicas,
                    rejectedConnections,
                    storeMemory);
        }
    }
}
