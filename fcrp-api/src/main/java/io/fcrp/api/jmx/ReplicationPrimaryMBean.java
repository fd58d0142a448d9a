package io.fcrp.api.jmx;

import javax.management.MBeanException;
import javax.management.MBeanOperationInfo;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One primary instance: the mutation stream it publishes, its TCP endpoint and the replicas it
 * serves. Registered as {@code io.fcrp:type=ReplicationPrimary,name=<instance>} for as long as the
 * instance is configured, also while it does not serve. Every figure is also a plain {@code int},
 * {@code long} or {@code double} attribute.
 *
 * <p>It emits a notification of type {@link #REPLICA_CONNECTED} when a replica completes its
 * handshake (its bootstrap decided: state {@code SNAPSHOT} or {@code CATCH_UP}) and
 * {@link #REPLICA_DISCONNECTED} when a session ends; the user data of both is a row of
 * {@link #getReplicaSessions()} ({@code CompositeData}).
 */
@ProviderType
@Description("An FCRP primary: its mutation stream, its TCP endpoint and the replicas it serves")
public interface ReplicationPrimaryMBean {

    @Description("A replica completed its handshake; its state says how it bootstraps")
    String REPLICA_CONNECTED = "io.fcrp.replica.connected";

    @Description("A replica session ended; the message says why")
    String REPLICA_DISCONNECTED = "io.fcrp.replica.disconnected";

    @Description("The instance name")
    String getInstance();

    @Description("embedded (the instance's own store) or external (services of an application)")
    String getStore();

    @Description("True while the TCP endpoint accepts replicas")
    boolean isServing();

    @Description("Serving as a number: 1 serving, 0 not")
    int getServingCode();

    @Description("The configured bind.addr")
    String getBindAddress();

    @Description("The address listened on (the real port when 0 was configured); empty when not serving")
    String getListenAddress();

    @Description("Shards of the replicated store; 0 while no store is available")
    @Units("shards")
    int getShardCount();

    @Description("Highest published sequence per shard (unsigned 64-bit)")
    long[] getWatermarks();

    @Description("Sum of the watermarks: grows by one per published record")
    @Units("records")
    double getWatermarkSum();

    @Description("Lowest watermark")
    long getWatermarkMin();

    @Description("Highest watermark")
    long getWatermarkMax();

    @Description("Replica sessions open now")
    @Units("sessions")
    int getConnectedReplicaCount();

    @Description("Replica sessions forwarding the live stream (state LIVE)")
    @Units("sessions")
    int getLiveReplicaCount();

    @Description("One row per open replica session")
    TabularData getReplicaSessions();

    @Description("Most records published and not yet written to one replica, over the open sessions")
    @Units("records")
    long getMaxRecordsBehind();

    @Description("Most bytes published and not yet written to one replica, over the open sessions")
    @Units("bytes")
    long getMaxBytesBehind();

    @Description("Encoded bytes retained in the backlog")
    @Units("bytes")
    long getBacklogBytes();

    @Description("Batches retained in the backlog")
    @Units("batches")
    long getBacklogBatches();

    @Description("Seconds of history the backlog covers")
    @Units("s")
    double getBacklogCoveredSeconds();

    @Description(
            "The reference implementation's metrics (spec 9) under their names; the replica_* ones are on the ReplicaClient")
    CompositeData getMetrics();

    @Description("Sessions dropped because the backlog could not fill their gap")
    @Units("sessions")
    long getDroppedReplicas();

    @Description("Connections refused: over max.replicas, failed or late handshakes, bad frames")
    @Units("connections")
    long getRejectedConnections();

    @Description("store.max.bytes: the most off-heap memory the store may hold; 0 when only the JVM limits it")
    @Units("bytes")
    long getStoreMaxBytes();

    @Description("Off-heap bytes the embedded store holds now; 0 for an external store")
    @Units("bytes")
    long getStoreHeldBytes();

    @Description("Off-heap bytes of live entries (keys, values, headers, alignment)")
    @Units("bytes")
    long getStoreUsedBytes();

    @Description("Off-heap bytes held but unused: room for new entries")
    @Units("bytes")
    long getStoreFreeBytes();

    @Description(
            "Stop serving gracefully: publish pending batches, close the port and every replica session; the next configuration update serves again")
    @Impact(MBeanOperationInfo.ACTION)
    void shutdown() throws MBeanException;

    @Description("Close one replica session; the replica reconnects by itself. False when there is no such session")
    @Impact(MBeanOperationInfo.ACTION)
    boolean disconnectReplica(@Name("id") @Description("The id column of ReplicaSessions") long id)
            throws MBeanException;
}
