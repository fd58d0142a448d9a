package io.fcrp.impl.control;

/**
 * Stops and starts one configured instance for the shell: the JMX {@code shutdown()} and its undo.
 * Each primary and replica component publishes one, with {@code fcrp.instance} and
 * {@code fcrp.role}, while its instance runs or stands stopped.
 */
public interface InstanceControl {

    /**
     * A primary stops serving (pending batches are published, its port and sessions close, the
     * store stays); a replica stops replicating (connection and thread end, its data stays
     * readable).
     *
     * @return false when it was stopped already
     */
    boolean stop();

    /**
     * Serves or replicates again with the current configuration; a replica continues from its
     * watermarks.
     *
     * @return false when it was running already
     * @throws IllegalStateException when it cannot (e.g. the bind address is taken), with the reason
     */
    boolean start();
}
