package io.fcrp.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Told when replica sessions of a {@link ReplicationServer} start and end. */
@ConsumerType
public interface SessionListener {

    /** A replica completed its handshake. */
    void connected(ReplicaSessionInfo session);

    /** A session ended; {@code reason} says why in operator language. */
    void disconnected(ReplicaSessionInfo session, String reason);
}
