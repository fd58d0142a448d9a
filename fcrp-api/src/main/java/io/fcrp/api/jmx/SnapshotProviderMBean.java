package io.fcrp.api.jmx;

import java.util.Date;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The snapshot provider a primary serves replicas from. Registered as
 * {@code io.fcrp:type=SnapshotProvider,name=<instance>} while the primary instance has one (for an
 * external store: while the application publishes it).
 */
@ProviderType
public interface SnapshotProviderMBean {

    /** The instance name (the {@code name} key of the ObjectName, unquoted). */
    String getInstance();

    /** Entries held by the store now, expired ones not yet swept included. */
    long getEntryCount();

    /** Snapshots taken since the store started. */
    long getSnapshotsTaken();

    /** When the last snapshot was taken; null when none was. */
    Date getLastSnapshotTime();

    /** Live entries in the last snapshot. */
    long getLastSnapshotEntries();

    /** Key and value bytes in the last snapshot. */
    long getLastSnapshotBytes();
}
