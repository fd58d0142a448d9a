package io.fcrp.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Told when replica sessions of a {@link ReplicationServer} start and end, and when one is sent a snapshot. */
@ConsumerType
public interface SessionListener {

    /** A replica completed its handshake; the session's state says how it bootstraps ({@code SNAPSHOT} or {@code CATCH_UP}). */
    void connected(ReplicaSessionInfo session);

    /** A session ended; {@code reason} says why in operator language. */
    void disconnected(ReplicaSessionInfo session, String reason);

    /** The session starts sending a snapshot to its replica. */
    default void snapshotStarted(ReplicaSessionInfo session) {}

    /**
     * The session sent a whole snapshot (a session that ends before sends no such call).
     *
     * @param entries live entries in the snapshot
     * @param bytes frame bytes written for it
     * @param durationMillis from {@link #snapshotStarted} to the last byte written
     */
    default void snapshotFinished(ReplicaSessionInfo session, long entries, long bytes, long durationMillis) {}
}
