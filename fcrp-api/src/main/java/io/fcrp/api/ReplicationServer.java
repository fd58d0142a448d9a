package io.fcrp.api;

import java.net.InetSocketAddress;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The TCP endpoint that serves replicas from a {@link ReplicationPrimary}. */
@ProviderType
public interface ReplicationServer {

    /** The address the server listens on (with the real port when 0 was configured). */
    InetSocketAddress localAddress();

    /** True until {@link #shutdown()} completes or the listener fails. */
    boolean isRunning();

    /** A reading of every open replica session. */
    List<ReplicaSessionInfo> sessions();

    /** Closes the session with {@code sessionId}; false when no such session is open. */
    boolean disconnect(long sessionId);

    /**
     * The metrics of the served {@link ReplicationPrimary}, with the server's own counts in
     * {@link Metric#CATCH_UP_BACKLOG_COUNT}, {@link Metric#CATCH_UP_SNAPSHOT_COUNT} and added to
     * {@link Metric#DROPS}.
     */
    ReplicationMetrics metrics();

    /** Sessions dropped because their gap could not be served from the backlog. */
    long droppedReplicas();

    /** Connections refused: over {@code max_replicas}, failed handshakes, bad frames. */
    long rejectedConnections();

    void addSessionListener(SessionListener listener);

    void removeSessionListener(SessionListener listener);

    /** Stops accepting, closes every session and socket and ends every thread. Idempotent. */
    void shutdown();
}
