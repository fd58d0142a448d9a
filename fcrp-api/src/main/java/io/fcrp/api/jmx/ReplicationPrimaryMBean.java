package io.fcrp.api.jmx;

import javax.management.MBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One primary instance: the mutation stream it publishes, its TCP endpoint and the replicas it
 * serves. Registered as {@code io.fcrp:type=ReplicationPrimary,name=<instance>} for as long as the
 * instance is configured, also while it does not serve.
 *
 * <p>It emits a notification of type {@link #REPLICA_CONNECTED} when a replica completes its
 * handshake and {@link #REPLICA_DISCONNECTED} when a session ends; the user data of both is a
 * row of {@link #getReplicaSessions()} ({@code CompositeData}).
 */
@ProviderType
public interface ReplicationPrimaryMBean {

    /** Notification type: a replica completed its handshake. */
    String REPLICA_CONNECTED = "io.fcrp.replica.connected";
    /** Notification type: a replica session ended (the message says why). */
    String REPLICA_DISCONNECTED = "io.fcrp.replica.disconnected";

    /** The instance name (the {@code name} key of the ObjectName, unquoted). */
    String getInstance();

    /** Where the replicated data lives: {@code embedded} (the instance's own store) or {@code external}. */
    String getStore();

    /** True while the TCP endpoint accepts replicas. */
    boolean isServing();

    /** The configured {@code bind.addr}. */
    String getBindAddress();

    /** The address actually listened on ({@code host:port}, the real port when 0 was configured); empty when not serving. */
    String getListenAddress();

    /** Number of shards of the replicated store; 0 while no store is available. */
    int getShardCount();

    /** Highest published sequence of every shard (unsigned 64-bit values), indexed by shard id. */
    long[] getWatermarks();

    /** Replica sessions open now, handshaking ones included. */
    int getConnectedReplicaCount();

    /**
     * One row per open replica session: {@code id} (for {@link #disconnectReplica(long)}),
     * {@code address}, {@code state}, {@code connectedSince}, {@code framesSent}, {@code bytesSent},
     * {@code queuedBytes} and {@code queuedBatches} (the live data waiting to be written to it).
     */
    TabularData getReplicaSessions();

    /** Encoded bytes retained in the backlog over all shards. */
    long getBacklogBytes();

    /** Batches retained in the backlog. */
    long getBacklogBatches();

    /** Seconds of history between the oldest and the newest record retained in the backlog. */
    double getBacklogCoveredSeconds();

    /**
     * The replication metrics under the reference implementation's names ({@code emitted_mutations},
     * {@code sent_batches}, {@code sent_records}, {@code sent_bytes_compressed}, {@code sent_bytes_uncompressed},
     * {@code compression_ns}, {@code queue_depth}, {@code queue_high_watermark}, {@code drops},
     * {@code backpressure_events}, {@code replica_applied}, {@code replica_skipped}, {@code replica_apply_ns},
     * {@code catch_up_backlog_count}, {@code catch_up_snapshot_count}).
     */
    CompositeData getMetrics();

    /** Replica sessions dropped because their gap could not be served from the backlog. */
    long getDroppedReplicas();

    /** Connections refused: over {@code max.replicas}, failed handshakes, bad frames. */
    long getRejectedConnections();

    /** {@code store.max.bytes}: the most off-heap memory the embedded store may hold; 0 when only the JVM limits it. */
    long getStoreMaxBytes();

    /** Off-heap bytes the embedded store holds now; 0 for an external store. */
    long getStoreHeldBytes();

    /** Off-heap bytes live entries use: keys, values, 16-byte headers and alignment. */
    long getStoreUsedBytes();

    /** Off-heap bytes held but not used: room for new entries, or reclaimed by compaction. */
    long getStoreFreeBytes();

    /**
     * Stops serving gracefully: publishes pending batches, closes the listening port and every
     * replica session. The store stays available to the application. The primary serves again
     * when its configuration is next updated.
     */
    void shutdown() throws MBeanException;

    /**
     * Closes one replica session; the replica reconnects by itself.
     *
     * @param id the {@code id} column of {@link #getReplicaSessions()}
     * @return false when no such session is open
     */
    boolean disconnectReplica(long id) throws MBeanException;
}
