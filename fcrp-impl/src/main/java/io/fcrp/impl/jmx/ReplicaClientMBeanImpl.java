package io.fcrp.impl.jmx;

import java.util.Map;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.StandardMBean;

import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaStatus;
import io.fcrp.api.jmx.ReplicaClientMBean;

/** The replica MBean: a reading of {@link ReplicaClient#status()} per attribute, and its controls. */
public final class ReplicaClientMBeanImpl extends StandardMBean implements ReplicaClientMBean {

    private static final Descriptions DESCRIPTIONS = new Descriptions(
            "An FCRP replica client: the primary it follows, how far it is and what it applied", Map.ofEntries(
                    Map.entry("Instance", "The instance name"),
                    Map.entry("State", "CONNECTING, BOOTSTRAPPING, STREAMING, BACKING_OFF or STOPPED"),
                    Map.entry("Upstream", "The primary followed (replica.of)"),
                    Map.entry("LocalWatermarks", "Highest applied sequence per primary shard (unsigned 64-bit)"),
                    Map.entry("PrimaryWatermarks", "The primary's watermarks as last known"),
                    Map.entry("LagMillis", "Milliseconds from the primary stamping the newest applied record to its apply; -1 before the first"),
                    Map.entry("AppliedRecords", "Records applied"),
                    Map.entry("SkippedRecords", "Records skipped as duplicates"),
                    Map.entry("ReconnectCount", "Connections opened after the first one"),
                    Map.entry("SnapshotsLoaded", "Snapshots loaded"),
                    Map.entry("LastBootstrap", "How the current or last session bootstrapped: snapshot, backlog or none"),
                    Map.entry("RestartsDetected", "Times the primary was found to have restarted"),
                    Map.entry("BytesReceived", "Bytes received from the primary"),
                    Map.entry("EntryCount", "Entries in the replica's store"),
                    Map.entry("GovernedEntryCount", "Entries with governance metadata (from a shardmap 0.6-0.7 primary), hidden from plain reads"),
                    Map.entry("StoreMaxBytes", "store.max.bytes: the most off-heap memory the store may hold; 0 when only the JVM limits it"),
                    Map.entry("StoreHeldBytes", "Off-heap bytes the store holds now"),
                    Map.entry("StoreUsedBytes", "Off-heap bytes of live entries (keys, values, headers)"),
                    Map.entry("StoreFreeBytes", "Off-heap bytes held but unused: room for new entries"),
                    Map.entry("LastError", "The last error; empty while streaming without trouble"),
                    Map.entry("shutdown", "Stop replicating (the data stays readable)"),
                    Map.entry("reconnect", "Reconnect now and continue from the local watermarks"),
                    Map.entry("resync", "Discard the local data and bootstrap again from a snapshot")));

    private final String name;
    private final ReplicaClient client;

    public ReplicaClientMBeanImpl(String name, ReplicaClient client) {
        super(ReplicaClientMBean.class, false);
        this.name = name;
        this.client = client;
    }

    @Override
    public String getInstance() {
        return name;
    }

    @Override
    public String getState() {
        return client.state().name();
    }

    @Override
    public String getUpstream() {
        return client.upstream();
    }

    @Override
    public long[] getLocalWatermarks() {
        return client.status().localWatermarks().toArray();
    }

    @Override
    public long[] getPrimaryWatermarks() {
        return client.status().primaryWatermarks().toArray();
    }

    @Override
    public long getLagMillis() {
        return client.status().lagMillis();
    }

    @Override
    public long getAppliedRecords() {
        return client.status().applied();
    }

    @Override
    public long getSkippedRecords() {
        return client.status().skipped();
    }

    @Override
    public long getReconnectCount() {
        return client.status().reconnects();
    }

    @Override
    public long getSnapshotsLoaded() {
        return client.status().snapshotsLoaded();
    }

    @Override
    public String getLastBootstrap() {
        return client.status().bootstrap();
    }

    @Override
    public long getRestartsDetected() {
        return client.status().restartsDetected();
    }

    @Override
    public long getBytesReceived() {
        return client.status().bytesReceived();
    }

    @Override
    public long getEntryCount() {
        return client.store().size();
    }

    @Override
    public long getGovernedEntryCount() {
        return client.store().governedCount();
    }

    @Override
    public long getStoreMaxBytes() {
        return client.store().memory().limitBytes();
    }

    @Override
    public long getStoreHeldBytes() {
        return client.store().memory().heldBytes();
    }

    @Override
    public long getStoreUsedBytes() {
        return client.store().memory().usedBytes();
    }

    @Override
    public long getStoreFreeBytes() {
        return client.store().memory().freeBytes();
    }

    @Override
    public String getLastError() {
        ReplicaStatus status = client.status();
        return status.lastError() == null ? "" : status.lastError();
    }

    @Override
    public void shutdown() throws MBeanException {
        try {
            client.shutdown();
        } catch (RuntimeException e) {
            throw new MBeanException(e, "replica " + name + " failed to stop: " + e.getMessage());
        }
    }

    @Override
    public void reconnect() throws MBeanException {
        try {
            client.reconnect();
        } catch (RuntimeException e) {
            throw new MBeanException(e, "replica " + name + " failed to reconnect: " + e.getMessage());
        }
    }

    @Override
    public void resync() throws MBeanException {
        try {
            client.resync();
        } catch (RuntimeException e) {
            throw new MBeanException(e, "replica " + name + " failed to resynchronise: " + e.getMessage());
        }
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
}
