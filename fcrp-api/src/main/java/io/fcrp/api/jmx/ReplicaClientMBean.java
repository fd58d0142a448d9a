package io.fcrp.api.jmx;

import javax.management.MBeanException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One replica client. Registered as {@code io.fcrp:type=ReplicaClient,name=<instance>} for as
 * long as the replica is configured.
 */
@ProviderType
public interface ReplicaClientMBean {

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

    /** Times the primary was found to have restarted (local data discarded). */
    long getRestartsDetected();

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

    /** Discards the replicated data and reconnects with zero watermarks, forcing a fresh snapshot. */
    void resync() throws MBeanException;
}
