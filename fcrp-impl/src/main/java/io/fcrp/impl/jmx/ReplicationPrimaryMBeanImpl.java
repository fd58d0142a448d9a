package io.fcrp.impl.jmx;

import io.fcrp.api.PrimaryControl;
import io.fcrp.api.PrimaryStatus;
import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.SessionListener;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicationPrimaryMBean;
import javax.management.MBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The primary MBean: a thin adapter over the primary's {@link PrimaryControl}, read on every call,
 * so it is valid across a moved bind address and while the primary does not serve. As a
 * {@link SessionListener} of the server it turns replica connects and disconnects into
 * notifications.
 */
public final class ReplicationPrimaryMBeanImpl extends DescribedMBean
        implements ReplicationPrimaryMBean, SessionListener {

    private final String name;
    private final PrimaryControl primary;

    public ReplicationPrimaryMBeanImpl(String name, PrimaryControl primary) {
        super(ReplicationPrimaryMBean.class, FcrpObjectNames.replicationPrimary(name));
        this.name = name;
        this.primary = primary;
    }

    private PrimaryStatus status() {
        return primary.status();
    }

    @Override
    public String getInstance() {
        return name;
    }

    @Override
    public String getStore() {
        return status().store().label();
    }

    @Override
    public boolean isServing() {
        return status().serving();
    }

    @Override
    public int getServingCode() {
        return isServing() ? 1 : 0;
    }

    @Override
    public String getBindAddress() {
        return status().bindAddress();
    }

    @Override
    public String getListenAddress() {
        return status().listenAddress();
    }

    @Override
    public int getShardCount() {
        return status().shardCount();
    }

    @Override
    public long[] getWatermarks() {
        return status().watermarks().toArray();
    }

    @Override
    public double getWatermarkSum() {
        return status().watermarks().sum();
    }

    @Override
    public long getWatermarkMin() {
        return status().watermarks().min();
    }

    @Override
    public long getWatermarkMax() {
        return status().watermarks().max();
    }

    @Override
    public int getConnectedReplicaCount() {
        return status().sessions().size();
    }

    @Override
    public int getLiveReplicaCount() {
        return status().liveReplicas();
    }

    @Override
    public long getMaxRecordsBehind() {
        return status().maxRecordsBehind();
    }

    @Override
    public long getMaxBytesBehind() {
        return status().maxBytesBehind();
    }

    @Override
    public TabularData getReplicaSessions() {
        return OpenTypes.sessions(status().sessions());
    }

    @Override
    public long getBacklogBytes() {
        return status().backlog().retainedBytes();
    }

    @Override
    public long getBacklogBatches() {
        return status().backlog().retainedBatches();
    }

    @Override
    public double getBacklogCoveredSeconds() {
        return status().backlog().coveredSeconds();
    }

    @Override
    public CompositeData getMetrics() {
        return OpenTypes.metrics(status().metrics());
    }

    @Override
    public long getDroppedReplicas() {
        return status().droppedReplicas();
    }

    @Override
    public long getRejectedConnections() {
        return status().rejectedConnections();
    }

    @Override
    public long getStoreMaxBytes() {
        return status().storeMemory().limitBytes();
    }

    @Override
    public long getStoreHeldBytes() {
        return status().storeMemory().heldBytes();
    }

    @Override
    public long getStoreUsedBytes() {
        return status().storeMemory().usedBytes();
    }

    @Override
    public long getStoreFreeBytes() {
        return status().storeMemory().freeBytes();
    }

    @Override
    public void shutdown() throws MBeanException {
        try {
            primary.stopServing();
        } catch (RuntimeException e) {
            throw new MBeanException(e, "primary " + name + " failed to stop serving: " + e.getMessage());
        }
    }

    @Override
    public boolean disconnectReplica(long id) throws MBeanException {
        try {
            return primary.disconnect(id);
        } catch (RuntimeException e) {
            throw new MBeanException(e, "disconnecting session " + id + " failed: " + e.getMessage());
        }
    }

    @Override
    public void connected(ReplicaSessionInfo session) {
        notify(
                REPLICA_CONNECTED,
                "replica " + session.remoteAddress() + " connected to primary " + name + " (session " + session.id()
                        + ", " + session.state() + ")",
                OpenTypes.session(session));
    }

    @Override
    public void disconnected(ReplicaSessionInfo session, String reason) {
        notify(
                REPLICA_DISCONNECTED,
                "replica " + session.remoteAddress() + " left primary " + name + " (session " + session.id() + "): "
                        + reason,
                OpenTypes.session(session));
    }
}
