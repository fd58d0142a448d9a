package io.fcrp.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A replica: it connects to a primary, bootstraps from the backlog or a snapshot, follows the
 * live stream into its local store and reconnects after any failure.
 */
@ProviderType
public interface ReplicaClient {

    /** {@code host:port} of the primary. */
    String upstream();

    ReplicaState state();

    /** The replicated store, readable while replication runs. */
    KeyValueView store();

    /** A reading of state, watermarks, lag and counters. */
    ReplicaStatus status();

    /** Closes the current connection; the client reconnects at once with its watermarks. */
    void reconnect();

    /** Discards the local data and reconnects with zero watermarks, forcing a fresh bootstrap. */
    void resync();

    /** Stops replicating, closes the socket and ends the thread. Idempotent. */
    void shutdown();
}
