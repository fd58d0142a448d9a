package io.fcrp.api.jmx;

import javax.management.MBeanException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One replica client. Registered as {@code io.fcrp:type=ReplicaClient,name=<instance>} for as
 * long as the replica is configured.
 *
 * <p>It emits a notification of type {@link #DATA_REPLACED} whenever a complete bootstrap replaced
 * its non-empty data in bulk; the message says why, the user data ({@code CompositeData}) has the
 * items {@code upstream}, {@code reason}, {@code entriesBefore} and {@code entriesAfter}.
 */
@ProviderType
public interface ReplicaClientMBean {

    /** Notification type: the replica's data was replaced in bulk by a snapshot or a fresh bootstrap. */
    String DATA_REPLACED = "io.fcrp.replica.data.replaced";

    /** The instance name (the {@code name} key of the ObjectName, unquoted). */
    String getInstance();

    /** {@code CONNECTING}, {@code BOOTSTRAPPING}, {@code STREAMING}, {@code BACKING_OFF} or {@code STOPPED}. */
    String getState();

    /** The primary followed ({@code replica.of}, {@code host:port}). */
    String getUpstream();

    /** Highest applied sequence of every primary shard (unsigned 64-bit values). */
    long[] getLocalWatermarks();

    /** The primary's watermarks as last known (from the handshake, then from every applied record). */
    long[] getPrimaryWatermarks();

    /** Milliseconds between the primary stamping the newest applied record and this replica applying it; -1 before the first. */
    long getLagMillis();

    /** Records applied since the replica started. */
    long getAppliedRecords();

    /** Records skipped as duplicates since the replica started. */
    long getSkippedRecords();

    /** Connections opened after the first one. */
    long getReconnectCount();

    /** Snapshots loaded (bootstraps that could not be served from the primary's backlog). */
    long getSnapshotsLoaded();

    /** How the current or last session bootstrapped: snapshot, backlog or none. */
    String getLastBootstrap();

    /**
     * Handshakes at which the primary's watermarks were below the replica's (a primary that
     * restarted numbering lower, or lost writes after its last saved file); each one makes the
     * replica bootstrap afresh.
     */
    long getWatermarkRegressions();

    /**
     * Complete bootstraps that replaced non-empty data in bulk (a primary restarted without its
     * data or history, a backlog that no longer covered the gap, a new primary, a resync); each
     * one is also a {@code io.fcrp.replica.data.replaced} notification.
     */
    long getDataReplacements();

    /** Bytes received from the primary. */
    long getBytesReceived();

    /** Entries in the replica's store, expired ones not yet swept and governed ones included. */
    long getEntryCount();

    /**
     * Governed entries in the replica's store: replicated with governance metadata by a
     * {@code shardmap} 0.6–0.7 primary, hidden from plain reads.
     */
    long getGovernedEntryCount();

    /** {@code store.max.bytes}: the most off-heap memory the store may hold; 0 when only the JVM limits it. */
    long getStoreMaxBytes();

    /** Off-heap bytes the store holds now (a snapshot being loaded included). */
    long getStoreHeldBytes();

    /** Off-heap bytes live entries use: keys, values, 16-byte headers and alignment. */
    long getStoreUsedBytes();

    /** Off-heap bytes held but not used: room for new entries, or reclaimed by compaction. */
    long getStoreFreeBytes();

    /** The last error in operator language; empty when the replica is streaming without trouble. */
    String getLastError();

    /**
     * Stops replicating: closes the connection and ends the thread. The replicated data stays
     * readable; the replica starts again when its configuration is next updated.
     */
    void shutdown() throws MBeanException;

    /** Closes the current connection; the replica reconnects at once and continues from its watermarks. */
    void reconnect() throws MBeanException;

    /**
     * Reconnects with zero watermarks and bootstraps afresh; the current data stays readable until
     * the new data is complete, then is replaced at once.
     */
    void resync() throws MBeanException;
}
