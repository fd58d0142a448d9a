package io.fcrp.impl.jmx;

import java.util.List;

import javax.management.MBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import io.fcrp.api.BacklogStats;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.ReplicationMetrics;
import io.fcrp.api.ReplicationPrimary;
import io.fcrp.api.ReplicationServer;
import io.fcrp.api.StoreMemory;
import io.fcrp.api.SessionListener;
import io.fcrp.api.SessionState;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import io.fcrp.impl.settings.HostPort;

/**
 * The primary MBean: reads through {@link PrimaryControl} on every call, so it is valid across a
 * moved bind address and while the primary does not serve. As a {@link SessionListener} of the
 * server it turns replica connects and disconnects into notifications.
 */
public final class ReplicationPrimaryMBeanImpl extends DescribedMBean
        implements ReplicationPrimaryMBean, SessionListener {

    private final PrimaryControl control;

    public ReplicationPrimaryMBeanImpl(PrimaryControl control) {
        super(ReplicationPrimaryMBean.class, FcrpObjectNames.replicationPrimary(control.name()));
        this.control = control;
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
    public int getServingCode() {
        return isServing() ? 1 : 0;
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
        return watermarks().toArray();
    }

    @Override
    public double getWatermarkSum() {
        return watermarks().sum();
    }

    @Override
    public long getWatermarkMin() {
        return watermarks().min();
    }

    @Override
    public long getWatermarkMax() {
        return watermarks().max();
    }

    @Override
    public int getConnectedReplicaCount() {
        return sessions().size();
    }

    @Override
    public int getLiveReplicaCount() {
        return (int) sessions().stream().filter(session -> session.state() == SessionState.LIVE).count();
    }

    @Override
    public long getMaxRecordsBehind() {
        return sessions().stream().mapToLong(ReplicaSessionInfo::recordsBehind).max().orElse(0);
    }

    @Override
    public long getMaxBytesBehind() {
        return sessions().stream().mapToLong(ReplicaSessionInfo::bytesBehind).max().orElse(0);
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
        notify(REPLICA_CONNECTED, "replica " + session.remoteAddress() + " connected to primary " + control.name()
                + " (session " + session.id() + ", " + session.state() + ")", OpenTypes.session(session));
    }

    @Override
    public void disconnected(ReplicaSessionInfo session, String reason) {
        notify(REPLICA_DISCONNECTED, "replica " + session.remoteAddress() + " left primary " + control.name()
                + " (session " + session.id() + "): " + reason, OpenTypes.session(session));
    }

    private List<ReplicaSessionInfo> sessions() {
        ReplicationServer server = control.server();
        return server == null || !server.isRunning() ? List.of() : server.sessions();
    }

    private ShardWatermarks watermarks() {
        ReplicationPrimary primary = control.primary();
        return primary == null ? ShardWatermarks.empty() : primary.currentWatermarks();
    }

    private BacklogStats backlog() {
        ReplicationPrimary primary = control.primary();
        return primary == null ? null : primary.backlogStats();
    }
}
