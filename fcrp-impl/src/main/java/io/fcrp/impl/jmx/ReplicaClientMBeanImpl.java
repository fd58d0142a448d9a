package io.fcrp.impl.jmx;

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

import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaStatus;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.impl.replica.DataReplacementListener;

/**
 * The replica MBean: a reading of {@link ReplicaClient#status()} per attribute, and its controls.
 * As a {@link DataReplacementListener} of the client it turns bulk replacements into notifications.
 */
public final class ReplicaClientMBeanImpl extends StandardEmitterMBean
        implements ReplicaClientMBean, DataReplacementListener {

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
                    Map.entry("WatermarkRegressions", "Handshakes at which the primary's watermarks were below the replica's (it restarted numbering lower, or lost writes after its last saved file)"),
                    Map.entry("DataReplacements", "Complete bootstraps that replaced non-empty data in bulk (each one is also a notification)"),
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
                    Map.entry("resync", "Bootstrap again with zero watermarks; the data stays readable until the new data is complete")));

    private final String name;
    private final ReplicaClient client;
    /** The notifications' source: an ObjectName, which any JMX client can deserialize. */
    private final ObjectName objectName;
    private final AtomicLong sequence = new AtomicLong();

    public ReplicaClientMBeanImpl(String name, ReplicaClient client) {
        super(ReplicaClientMBean.class, false, new NotificationBroadcasterSupport(new MBeanNotificationInfo(
                new String[] {DATA_REPLACED}, Notification.class.getName(),
                "The replica's data was replaced in bulk by a complete bootstrap")));
        this.name = name;
        this.client = client;
        this.objectName = FcrpObjectNames.replicaClient(name);
    }

    @Override
    public void dataReplaced(String upstream, String reason, long entriesBefore, long entriesAfter) {
        Notification notification = new Notification(DATA_REPLACED, objectName, sequence.incrementAndGet(),
                System.currentTimeMillis(), "replica " + name + ": its " + entriesBefore + " entries were replaced by "
                        + entriesAfter + " from " + upstream + ": " + reason);
        notification.setUserData(OpenTypes.replacement(upstream, reason, entriesBefore, entriesAfter));
        sendNotification(notification);
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
    public long getWatermarkRegressions() {
        return client.status().watermarkRegressions();
    }

    @Override
    public long getDataReplacements() {
        return client.status().dataReplacements();
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
