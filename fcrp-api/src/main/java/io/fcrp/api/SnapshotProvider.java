package io.fcrp.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Produces consistent snapshots of a primary's store for replicas that cannot be served from the
 * backlog. An implementation must read the watermarks of the {@link ReplicationPrimary} it
 * publishes to <em>before</em> reading its entries.
 */
@ConsumerType
public interface SnapshotProvider {

    /** Takes a snapshot of the live entries together with the watermarks they cover. */
    Snapshot snapshot();

    /** Statistics of the snapshots taken so far. */
    SnapshotStats stats();
}
