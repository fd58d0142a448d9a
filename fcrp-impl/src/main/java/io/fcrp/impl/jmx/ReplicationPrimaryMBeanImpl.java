package io.fcrp.impl.jmx;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.StandardEmitterMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import io.fcrp.api.BacklogStats;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicationMetrics;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.StoreMemory;
import io.fcrp.api.SessionListener;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.impl.net.HostPort;

/**
 * The primary MBean: reads through {@link PrimaryControl} on every call, so it is valid across a
 * moved bind address and while the primary does not serve. As a {@link SessionListener} of the
 * server it turns replica connects and disconnects into notifications.
 */
public final class ReplicationPrimaryMBeanImpl extends StandardEmitterMBean
        implements ReplicationPrimaryMBean, SessionListener {

    private static final Descriptions DESCRIPTIONS = new Descriptions(
            "An FCRP primary: its mutation stream, its TCP endpoint and the replicas it serves", Map.ofEntries(
                    Map.entry("Instance", "The instance name"),
                    Map.entry("Store", "embedded (the instance's own store) or external (services of an application)"),
                    Map.entry("Serving", "True while the TCP endpoint accepts replicas"),
                    Map.entry("BindAddress", "The configured bind.addr"),
                    Map.entry("ListenAddress", "The address listened on (real port when 0 was configured); empty when not serving"),
                    Map.entry("ShardCount", "Shards of the replicated store; 0 while no store is available"),
                    Map.entry("Watermarks", "Highest published sequence per shard (unsigned 64-bit)"),
                    Map.entry("ConnectedReplicaCount", "Replica sessions open now"),
                    Map.entry("ReplicaSessions", "One row per open replica session"),
                    Map.entry("BacklogBytes", "Encoded bytes retained in the backlog"),
                    Map.entry("BacklogBatches", "Batches retained in the backlog"),
                    Map.entry("BacklogCoveredSeconds", "Seconds of history the backlog covers"),
                    Map.entry("Metrics", "Replication metrics under the reference implementation's names"),
                    Map.entry("DroppedReplicas", "Sessions dropped because the backlog could not fill their gap"),
                    Map.entry("RejectedConnections", "Connections refused: over max.replicas, failed handshakes, bad frames"),
                    Map.entry("StoreMaxBytes", "store.max.bytes: the most off-heap memory the store may hold; 0 when only the JVM limits it"),
                    Map.entry("StoreHeldBytes", "Off-heap bytes the store holds now"),
                    Map.entry("StoreUsedBytes", "Off-heap bytes of live entries (keys, values, headers)"),
                    Map.entry("StoreFreeBytes", "Off-heap bytes held but unused: room for new entries"),
                    Map.entry("shutdown", "Stop serving gracefully: close the port and every replica session"),
                    Map.entry("disconnectReplica", "Close one replica session (the id column of ReplicaSessions)")));

    private final PrimaryControl control;
    /** The notifications' source: an ObjectName, which any JMX client can deserialize. */
    private final ObjectName objectName;
    private final AtomicLong sequence = new AtomicLong();

    public ReplicationPrimaryMBeanImpl(PrimaryControl control) {
        super(ReplicationPrimaryMBean.class, new NotificationBroadcasterSupport(new MBeanNotificationInfo(
                new String[] {REPLICA_CONNECTED, REPLICA_DISCONNECTED}, Notification.class.getName(),
                "A replica connected to or disconnected from this primary")));
        this.control = control;
        this.objectName = FcrpObjectNames.replicationPrimary(control.name());
    }

    @Override
    public String getInstance() {
        return control.name();
    }

    @Override
    public String getStore() {
        return control.storeMode();
    }

    @Override
    public boolean isServing() {
        ReplicationServer server = control.server();
        return server != null && server.isRunning();
    }

    @Override
    public String getBindAddress() {
        return control.bindAddress();
    }

    @Override
    public String getListenAddress() {
        ReplicationServer server = control.server();
        if (server == null || !server.isRunning()) {
            return "";
        }
        return HostPort.of(server.localAddress()).toString();
    }

    @Override
    public int getShardCount() {
        ReplicationPrimary primary = control.primary();
        return primary == null ? 0 : primary.shardCount();
    }

    @Override
    public long[] getWatermarks() {
        ReplicationPrimary primary = control.primary();
        return primary == null ? new long[0] : primary.currentWatermarks().toArray();
    }

    @Override
    public int getConnectedReplicaCount() {
        return sessions().size();
    }

    @Override
    public TabularData getReplicaSessions() {
        return OpenTypes.sessions(sessions());
    }

    @Override
    public long getBacklogBytes() {
        BacklogStats stats = backlog();
        return stats == null ? 0 : stats.retainedBytes();
    }

    @Override
    public long getBacklogBatches() {
        BacklogStats stats = backlog();
        return stats == null ? 0 : stats.retainedBatches();
    }

    @Override
    public double getBacklogCoveredSeconds() {
        BacklogStats stats = backlog();
        return stats == null ? 0.0 : stats.coveredSeconds();
    }

    @Override
    public CompositeData getMetrics() {
        ReplicationServer server = control.server();
        if (server != null) {
            return OpenTypes.metrics(server.metrics());
        }
        ReplicationPrimary primary = control.primary();
        ReplicationMetrics metrics = primary == null ? null : primary.metrics();
        return OpenTypes.metrics(metrics);
    }

    @Override
    public long getDroppedReplicas() {
        ReplicationServer server = control.server();
        return server == null ? 0 : server.droppedReplicas();
    }

    @Override
    public long getRejectedConnections() {
        ReplicationServer server = control.server();
        return server == null ? 0 : server.rejectedConnections();
    }

    @Override
    public long getStoreMaxBytes() {
        StoreMemory memory = control.storeMemory();
        return memory == null ? 0 : memory.limitBytes();
    }

    @Override
    public long getStoreHeldBytes() {
        StoreMemory memory = control.storeMemory();
        return memory == null ? 0 : memory.heldBytes();
    }

    @Override
    public long getStoreUsedBytes() {
        StoreMemory memory = control.storeMemory();
        return memory == null ? 0 : memory.usedBytes();
    }

    @Override
    public long getStoreFreeBytes() {
        StoreMemory memory = control.storeMemory();
        return memory == null ? 0 : memory.freeBytes();
    }

    @Override
    public void shutdown() throws MBeanException {
        try {
            control.stopServing();
        } catch (RuntimeException e) {
            throw new MBeanException(e, "primary " + control.name() + " failed to stop serving: " + e.getMessage());
        }
    }

    @Override
    public boolean disconnectReplica(long id) throws MBeanException {
        ReplicationServer server = control.server();
        if (server == null) {
            return false;
        }
        try {
            return server.disconnect(id);
        } catch (RuntimeException e) {
            throw new MBeanException(e, "disconnecting session " + id + " failed: " + e.getMessage());
        }
    }

    @Override
    public void connected(ReplicaSessionInfo session) {
        Notification notification = new Notification(REPLICA_CONNECTED, objectName, sequence.incrementAndGet(),
                System.currentTimeMillis(), "replica " + session.remoteAddress() + " connected to primary "
                        + control.name() + " (session " + session.id() + ")");
        notification.setUserData(OpenTypes.session(session));
        sendNotification(notification);
    }

    @Override
    public void disconnected(ReplicaSessionInfo session, String reason) {
        Notification notification = new Notification(REPLICA_DISCONNECTED, objectName, sequence.incrementAndGet(),
                System.currentTimeMillis(), "replica " + session.remoteAddress() + " left primary " + control.name()
                        + " (session " + session.id() + "): " + reason);
        notification.setUserData(OpenTypes.session(session));
        sendNotification(notification);
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return DESCRIPTIONS.of(info.getDescription());
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return DESCRIPTIONS.of(info);
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return DESCRIPTIONS.of(info);
    }

    private List<ReplicaSessionInfo> sessions() {
        ReplicationServer server = control.server();
        return server == null || !server.isRunning() ? List.of() : server.sessions();
    }

    private BacklogStats backlog() {
        ReplicationPrimary primary = control.primary();
        return primary == null ? null : primary.backlogStats();
    }
}
