package io.fcrp.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A primary, as {@link ReplicaClient} is a replica: a reading of what it serves and the controls an
 * operator has over it. Each configured primary publishes one, serving or not, with
 * {@link FcrpServices#INSTANCE} and {@link FcrpServices#ROLE} {@code primary}; its MBean, the
 * shell and the health checks read it. Controls change the running primary, never its
 * configuration: the next configuration update serves again whatever was done here.
 */
@ProviderType
public interface PrimaryControl {

    /** A reading of its endpoint, its stream, its replica sessions and its store. */
    PrimaryStatus status();

    /**
     * Stops serving gracefully: publishes pending batches, then closes the port and every replica
     * session; the store stays as it is. It serves again on {@link #serve()} or the next
     * configuration update.
     *
     * @return false when it was not serving
     */
    boolean stopServing();

    /**
     * Serves again after {@link #stopServing()}, or after its address could not be bound.
     *
     * @return false when it serves already
     * @throws IllegalStateException when it still cannot serve (the address is taken, an external
     *         store's services are missing), with the reason
     */
    boolean serve();

    /**
     * Closes one replica session ({@link ReplicaSessionInfo#id()}); the replica reconnects by itself.
     *
     * @return false when no such session is open
     */
    boolean disconnect(long sessionId);
}
