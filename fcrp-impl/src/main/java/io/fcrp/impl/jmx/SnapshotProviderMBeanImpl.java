package io.fcrp.impl.jmx;

import io.fcrp.api.ReplicaSessionInfo;
import io.fcrp.api.SessionListener;
import io.fcrp.api.SnapshotProvider;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.SnapshotProviderMBean;
import io.fcrp.impl.events.EventFigures;
import java.util.Date;

/**
 * The snapshot provider MBean: a reading of {@link SnapshotProvider#stats()} per attribute. As a
 * {@link SessionListener} of the primary's server it turns the snapshots sent to replicas into
 * notifications.
 */
public final class SnapshotProviderMBeanImpl extends DescribedMBean implements SnapshotProviderMBean, SessionListener {

    private final String name;
    private final SnapshotProvider provider;
    private volatile long lastDurationMillis = -1;

    public SnapshotProviderMBeanImpl(String name, SnapshotProvider provider) {
        super(SnapshotProviderMBean.class, FcrpObjectNames.snapshotProvider(name));
        this.name = name;
        this.provider = provider;
    }

    @Override
    public String getInstance() {
        return name;
    }

    @Override
    public long getEntryCount() {
        return provider.stats().entryCount();
    }

    @Override
    public long getSnapshotsTaken() {
        return provider.stats().snapshotsTaken();
    }

    @Override
    public Date getLastSnapshotTime() {
        long at = provider.stats().lastSnapshotAtMs();
        return at == 0 ? null : new Date(at);
    }

    @Override
    public long getMillisSinceLastSnapshot() {
        long at = provider.stats().lastSnapshotAtMs();
        return at == 0 ? -1 : Math.max(0, System.currentTimeMillis() - at);
    }

    @Override
    public long getLastSnapshotEntries() {
        return provider.stats().lastSnapshotEntries();
    }

    @Override
    public long getLastSnapshotBytes() {
        return provider.stats().lastSnapshotBytes();
    }

    @Override
    public long getLastSnapshotDurationMillis() {
        return lastDurationMillis;
    }

    @Override
    public void connected(ReplicaSessionInfo session) {
        // sessions are the primary MBean's subject
    }

    @Override
    public void disconnected(ReplicaSessionInfo session, String reason) {
        // sessions are the primary MBean's subject
    }

    @Override
    public void snapshotStarted(ReplicaSessionInfo session) {
        notify(
                SNAPSHOT_STARTED,
                "primary " + name + " sends a snapshot to replica " + session.remoteAddress() + " (session "
                        + session.id() + ")",
                EventFigures.snapshotStarted(session));
    }

    @Override
    public void snapshotFinished(ReplicaSessionInfo session, long entries, long bytes, long durationMillis) {
        lastDurationMillis = durationMillis;
        notify(
                SNAPSHOT_FINISHED,
                "primary " + name + " sent a snapshot of " + entries + " entries (" + bytes + " bytes) to replica "
                        + session.remoteAddress() + " in " + durationMillis + " ms",
                EventFigures.snapshotFinished(session, entries, bytes, durationMillis));
    }
}
