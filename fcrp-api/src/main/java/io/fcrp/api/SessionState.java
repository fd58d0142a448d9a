package io.fcrp.api;

/** Where a primary-side replica session stands. */
public enum SessionState {
    /** Connected, waiting for the replica's Hello. */
    HANDSHAKE,
    /** Streaming a snapshot. */
    SNAPSHOT,
    /** Replaying the backlog. */
    CATCH_UP,
    /** Forwarding live batches. */
    LIVE,
    /** Finished. */
    CLOSED
}
