package io.fcrp.api.jmx;

import javax.management.MBeanException;
import javax.management.MBeanOperationInfo;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One replica client, registered as {@code io.fcrp:type=ReplicaClient,name=<instance>} for as long
 * as the replica is configured. Every figure is also a plain {@code int}, {@code long} or
 * {@code double} attribute. The notifications (types below) carry a {@code CompositeData} with the
 * event's figures as user data.
 */
@ProviderType
@Description("An FCRP replica client: the primary it follows, how far behind it is and what it applied")
public interface ReplicaClientMBean {

    /** Notification type; user data: {@code from}, {@code to}, {@code fromCode}, {@code toCode}. */
    @Description("The replica's state changed")
    String STATE_CHANGED = "io.fcrp.replica.state.changed";
    /** Notification type; user data: {@code fresh} (1 when the data is to be replaced, 0 when it resumes from its watermarks), {@code recordsBehind}. */
    @Description("A session started to bootstrap")
    String BOOTSTRAP_STARTED = "io.fcrp.replica.bootstrap.started";
    /** Notification type; user data: {@code how} (snapshot, backlog or none), {@code entries}, {@code durationMillis}. */
    @Description("A session finished its bootstrap and streams")
    String BOOTSTRAP_FINISHED = "io.fcrp.replica.bootstrap.finished";
    /** Notification type; user data: {@code upstream}, {@code reason}, {@code entriesBefore}, {@code entriesAfter}. */
    @Description("A complete bootstrap replaced the replica's data in bulk")
    String DATA_REPLACED = "io.fcrp.replica.data.replaced";
    /** Notification type; user data: {@code upstream}, {@code primaryWatermarks}, {@code localWatermarks} (text). */
    @Description("The primary's watermarks were below the replica's: it restarted, the replica bootstraps afresh")
    String RESTART_DETECTED = "io.fcrp.replica.restart.detected";
    /** Notification type; user data: {@code upstream}, {@code reason}. */
    @Description("A session with the primary ended; the replica reconnects")
    String SESSION_DROPPED = "io.fcrp.replica.session.dropped";

    @Description("The instance name")
    String getInstance();

    @Description("CONNECTING, BOOTSTRAPPING, STREAMING, BACKING_OFF or STOPPED")
    String getState();

    @Description("The state as a number: 0 STOPPED, 1 BACKING_OFF, 2 CONNECTING, 3 BOOTSTRAPPING, 4 STREAMING")
    int getStateCode();

    @Description("The primary followed (replica.of)")
    String getUpstream();

    @Description(
            "How stale the data may be: time since the replica last held everything the primary published; grows while it does not")
    @Units("ms")
    long getLagMillis();

    @Description(
            "Median lag of the last minute's applied batches and heartbeats (the current lag when there were none)")
    @Units("ms")
    long getLagP50Millis();

    @Description("99th percentile of the lag over the last minute")
    @Units("ms")
    long getLagP99Millis();

    @Description("99.9th percentile of the lag over the last minute")
    @Units("ms")
    long getLagP999Millis();

    @Description("Highest lag over the last minute")
    @Units("ms")
    long getLagMaxMillis();

    @Description("Samples behind the lag percentiles (applied batches and heartbeats of the last minute)")
    @Units("samples")
    long getLagSamples();

    @Description("Records the primary published, as far as the replica has seen, that it has not applied")
    @Units("records")
    long getRecordsBehind();

    @Description("Shards in which the replica has not applied everything the primary published")
    @Units("shards")
    int getShardsBehind();

    @Description("Time since the last frame from the primary (heartbeats included); -1 before the first")
    @Units("ms")
    long getMillisSinceLastFrame();

    @Description("Time since the replica last stopped streaming; 0 while it streams")
    @Units("ms")
    long getMillisNotStreaming();

    @Description("Highest applied sequence per primary shard (unsigned 64-bit)")
    long[] getLocalWatermarks();

    @Description("Sum of the local watermarks: grows by one per applied record")
    @Units("records")
    double getLocalWatermarkSum();

    @Description("Lowest local watermark")
    long getLocalWatermarkMin();

    @Description("Highest local watermark")
    long getLocalWatermarkMax();

    @Description("The primary's watermarks as last seen (handshake, batches, heartbeats)")
    long[] getPrimaryWatermarks();

    @Description("Sum of the primary's watermarks as last seen")
    @Units("records")
    double getPrimaryWatermarkSum();

    @Description("Lowest of the primary's watermarks as last seen")
    long getPrimaryWatermarkMin();

    @Description("Highest of the primary's watermarks as last seen")
    long getPrimaryWatermarkMax();

    @Description("Records applied (the reference's replica_applied)")
    @Units("records")
    long getAppliedRecords();

    @Description("Records skipped as duplicates (the reference's replica_skipped)")
    @Units("records")
    long getSkippedRecords();

    @Description("Time spent applying batches (the reference's replica_apply_ns)")
    @Units("ns")
    long getApplyNanos();

    @Description("Connections opened after the first one")
    @Units("connections")
    long getReconnectCount();

    @Description("Snapshots loaded")
    @Units("snapshots")
    long getSnapshotsLoaded();

    @Description("How the current or last session bootstrapped: snapshot, backlog or none")
    String getLastBootstrap();

    @Description("LastBootstrap as a number: 0 none, 1 backlog, 2 snapshot")
    int getLastBootstrapCode();

    @Description(
            "Handshakes at which the primary's watermarks were below the replica's (it restarted); each makes the replica bootstrap afresh")
    @Units("handshakes")
    long getWatermarkRegressions();

    @Description("Complete bootstraps that replaced non-empty data in bulk (each one is also a notification)")
    @Units("replacements")
    long getDataReplacements();

    @Description("Bytes received from the primary")
    @Units("bytes")
    long getBytesReceived();

    @Description("Entries in the replica's store")
    @Units("entries")
    long getEntryCount();

    @Description("Entries with governance metadata (from a shardmap 0.6-0.7 primary), hidden from plain reads")
    @Units("entries")
    long getGovernedEntryCount();

    @Description("store.max.bytes: the most off-heap memory the store may hold; 0 when only the JVM limits it")
    @Units("bytes")
    long getStoreMaxBytes();

    @Description("Off-heap bytes the store holds now (a snapshot being loaded included)")
    @Units("bytes")
    long getStoreHeldBytes();

    @Description("Off-heap bytes of live entries (keys, values, headers, alignment)")
    @Units("bytes")
    long getStoreUsedBytes();

    @Description("Off-heap bytes held but unused: room for new entries")
    @Units("bytes")
    long getStoreFreeBytes();

    @Description("The last error; empty while streaming without trouble")
    String getLastError();

    @Description(
            "Stop replicating: the connection and thread end, the data stays readable; the next configuration update starts it again")
    @Impact(MBeanOperationInfo.ACTION)
    void shutdown() throws MBeanException;

    @Description("Reconnect now and continue from the local watermarks")
    @Impact(MBeanOperationInfo.ACTION)
    void reconnect() throws MBeanException;

    @Description(
            "Bootstrap again with zero watermarks; the data stays readable until the new data is complete, then is replaced at once")
    @Impact(MBeanOperationInfo.ACTION)
    void resync() throws MBeanException;
}
