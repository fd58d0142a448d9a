package io.fcrp.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The mutation stream of a primary: it batches published mutations into encoded frames and keeps
 * a bounded backlog of them, which the primary's replica sessions read. A replication server
 * serves replicas from one {@code ReplicationPrimary} and one {@link SnapshotProvider}.
 */
@ProviderType
public interface ReplicationPrimary {

    /** Number of shards (a power of two). */
    int shardCount();

    /** Highest sequence per shard published to the backlog and subscribers. */
    ShardWatermarks currentWatermarks();

    /**
     * Publishes a mutation that the caller's store has already applied. Sequences of one shard
     * must be strictly increasing and published from one thread at a time; the shard id must be
     * below {@link #shardCount()}. This is how a store of the application's own is replicated.
     */
    void publish(Mutation mutation);

    /** Publishes every pending batch now instead of waiting for the batch thresholds. */
    void flush();

    /** Current reading of the replication metrics. */
    ReplicationMetrics metrics();

    /** Current size and reach of the backlog. */
    BacklogStats backlogStats();
}
