package io.fcrp.impl.replica;

import io.fcrp.api.BootstrapKind;
import io.fcrp.api.ReplicaState;
import io.fcrp.api.ShardWatermarks;

/**
 * Hears what happens to a replica client, on the client's thread, in the order it happens; a
 * listener must return quickly and not call back into the client's controls. Every method does
 * nothing by default.
 */
public interface ReplicaEventListener {

    /** The client moved from state {@code from} to {@code to}. */
    default void stateChanged(ReplicaState from, ReplicaState to) {}

    /**
     * A session is bootstrapping.
     *
     * @param fresh true when it asked with zero watermarks to replace the data; false when it resumes from them
     * @param recordsBehind records the primary had published at the handshake that the replica lacks
     */
    default void bootstrapStarted(boolean fresh, long recordsBehind) {}

    /**
     * The session's bootstrap is complete and the replica streams.
     *
     * @param how how it bootstrapped
     * @param entries entries in the store now
     * @param durationMillis from the handshake to the end of the bootstrap
     */
    default void bootstrapFinished(BootstrapKind how, long entries, long durationMillis) {}

    /**
     * A complete bootstrap replaced non-empty data in bulk.
     *
     * @param upstream the primary the new data came from ({@code host:port})
     * @param reason why, in operator language
     */
    default void dataReplaced(String upstream, String reason, long entriesBefore, long entriesAfter) {}

    /** The primary's watermarks at a handshake were below the replica's: it restarted; the replica bootstraps afresh. */
    default void restartDetected(ShardWatermarks primary, ShardWatermarks local) {}

    /** A session that had completed its handshake ended; {@code reason} in operator language. The client reconnects. */
    default void sessionDropped(String reason) {}
}
