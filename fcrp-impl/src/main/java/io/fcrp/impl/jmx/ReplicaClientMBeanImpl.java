package io.fcrp.impl.jmx;

import io.fcrp.api.BootstrapKind;
import io.fcrp.api.ReplicaClient;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ReplicaStatus;
import io.fcrp.api.ShardWatermarks;
import io.fcrp.api.jmx.FcrpObjectNames;
import io.fcrp.api.jmx.ReplicaClientMBean;
import io.fcrp.impl.events.EventFigures;
import io.fcrp.impl.replica.ReplicaEventListener;
import javax.management.MBeanException;

/**
 * The replica MBean: a reading of {@link ReplicaClient#status()} per attribute, and its controls.
 * As a {@link ReplicaEventListener} of the client it turns what happens to it into notifications.
 * A restarted replica hands the same MBean to its new client ({@link #follow}), so JMX listeners
 * keep hearing it.
 */
public final class ReplicaClientMBeanImpl extends DescribedMBean implements ReplicaClientMBean, ReplicaEventListener {

    private final String name;
    private volatile ReplicaClient client;

    public ReplicaClientMBeanImpl(String name, ReplicaClient client) {
        super(ReplicaClientMBean.class, FcrpObjectNames.replicaClient(name));
        this.name = name;
        this.client = client;
    }

    /** From now on reads and controls {@code next}, the client that took over this replica's store. */
    public void follow(ReplicaClient next) {
        client = next;
    }

    @Override
    public void stateChanged(ReplicaState from, ReplicaState to) {
        notify(STATE_CHANGED, "replica " + name + ": " + from + " -> " + to, EventFigures.stateChanged(from, to));
    }

    @Override
    public void bootstrapStarted(boolean fresh, long recordsBehind) {
        notify(
                BOOTSTRAP_STARTED,
                "replica " + name + " bootstraps from " + client.upstream()
                        + (fresh ? " afresh" : ", resuming from its watermarks (" + recordsBehind + " records behind)"),
                EventFigures.bootstrapStarted(fresh, recordsBehind));
    }

    @Override
    public void bootstrapFinished(BootstrapKind how, long entries, long durationMillis) {
        notify(
                BOOTSTRAP_FINISHED,
                "replica " + name + " bootstrapped (" + how.label() + ") in " + durationMillis + " ms; " + entries
                        + " entries",
                EventFigures.bootstrapFinished(how, entries, durationMillis));
    }

    @Override
    public void dataReplaced(String upstream, String reason, long entriesBefore, long entriesAfter) {
        notify(
                DATA_REPLACED,
                "replica " + name + ": its " + entriesBefore + " entries were replaced by " + entriesAfter + " from "
                        + upstream + ": " + reason,
                EventFigures.dataReplaced(upstream, reason, entriesBefore, entriesAfter));
    }

    @Override
    public void restartDetected(ShardWatermarks primary, ShardWatermarks local) {
        notify(
                RESTART_DETECTED,
                "replica " + name + ": primary " + client.upstream() + " restarted (its watermarks " + primary
                        + " are below the replica's " + local + "); bootstrapping afresh",
                EventFigures.restartDetected(client.upstream(), primary, local));
    }

    @Override
    public void sessionDropped(String reason) {
        notify(
                SESSION_DROPPED,
                "replica " + name + ": session with " + client.upstream() + " ended: " + reason,
                EventFigures.sessionDropped(client.upstream(), reason));
    }

    private ReplicaStatus status() {
        return client.status();
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
    public int getStateCode() {
        return client.state().code();
    }

    @Override
    public String getUpstream() {
        return client.upstream();
    }

    @Override
    public long getLagMillis() {
        return status().lagMillis();
    }

    @Override
    public long getLagP50Millis() {
        return status().lagPercentiles().p50();
    }

    @Override
    public long getLagP99Millis() {
        return status().lagPercentiles().p99();
    }

    @Override
    public long getLagP999Millis() {
        return status().lagPercentiles().p999();
    }

    @Override
    public long getLagMaxMillis() {
        return status().lagPercentiles().max();
    }

    @Override
    public long getLagSamples() {
        return status().lagPercentiles().samples();
    }

    @Override
    public long getRecordsBehind() {
        return status().recordsBehind();
    }

    @Override
    public int getShardsBehind() {
        ReplicaStatus status = status();
        return status.localWatermarks().shardsBelow(status.primaryWatermarks());
    }

    @Override
    public long getMillisSinceLastFrame() {
        return status().millisSinceLastFrame();
    }

    @Override
    public long getMillisNotStreaming() {
        return status().millisNotStreaming();
    }

    @Override
    public long[] getLocalWatermarks() {
        return status().localWatermarks().toArray();
    }

    @Override
    public double getLocalWatermarkSum() {
        return status().localWatermarks().sum();
    }

    @Override
    public long getLocalWatermarkMin() {
        return status().localWatermarks().min();
    }

    @Override
    public long getLocalWatermarkMax() {
        return status().localWatermarks().max();
    }

    @Override
    public long[] getPrimaryWatermarks() {
        return status().primaryWatermarks().toArray();
    }

    @Override
    public double getPrimaryWatermarkSum() {
        return status().primaryWatermarks().sum();
    }

    @Override
    public long getPrimaryWatermarkMin() {
        return status().primaryWatermarks().min();
    }

    @Override
    public long getPrimaryWatermarkMax() {
        return status().primaryWatermarks().max();
    }

    @Override
    public long getAppliedRecords() {
        return status().applied();
    }

    @Override
    public long getSkippedRecords() {
        return status().skipped();
    }

    @Override
    public long getApplyNanos() {
        return status().applyNanos();
    }

    @Override
    public long getReconnectCount() {
        return status().reconnects();
    }

    @Override
    public long getSnapshotsLoaded() {
        return status().snapshotsLoaded();
    }

    @Override
    public String getLastBootstrap() {
        return status().bootstrap().label();
    }

    @Override
    public int getLastBootstrapCode() {
        return status().bootstrap().code();
    }

    @Override
    public long getWatermarkRegressions() {
        return status().watermarkRegressions();
    }

    @Override
    public long getDataReplacements() {
        return status().dataReplacements();
    }

    @Override
    public long getBytesReceived() {
        return status().bytesReceived();
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
        String error = status().lastError();
        return error == null ? "" : error;
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
}
