package io.fcrp.api;

/**
 * Where a primary-side replica session stands. Each state has a numeric {@link #code()} for tools
 * that keep only numbers; the codes grow towards the live state.
 */
public enum SessionState {
    /** Connected, deciding how to bootstrap the replica. Code 1. */
    HANDSHAKE(1),
    /** Streaming a snapshot. Code 2. */
    SNAPSHOT(2),
    /** Replaying the backlog. Code 3. */
    CATCH_UP(3),
    /** Forwarding live batches. Code 4. */
    LIVE(4),
    /** Finished. Code 0. */
    CLOSED(0);

    private final int code;

    SessionState(int code) {
        this.code = code;
    }

    /** 0 CLOSED, 1 HANDSHAKE, 2 SNAPSHOT, 3 CATCH_UP, 4 LIVE. */
    public int code() {
        return code;
    }
}
