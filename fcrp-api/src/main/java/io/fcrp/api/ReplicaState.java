package io.fcrp.api;

/**
 * Where a replica client stands. Each state has a numeric {@link #code()} for tools that keep
 * only numbers; the codes grow towards the healthy state, so {@code code < 4} means "not streaming".
 */
public enum ReplicaState {
    /** Opening the connection and handshaking. Code 2. */
    CONNECTING(2),
    /** Receiving a snapshot or replaying the backlog. Code 3. */
    BOOTSTRAPPING(3),
    /** Applying the live stream. Code 4. */
    STREAMING(4),
    /** Waiting before the next connection attempt. Code 1. */
    BACKING_OFF(1),
    /** Shut down. Code 0. */
    STOPPED(0);

    private final int code;

    ReplicaState(int code) {
        this.code = code;
    }

    /** 0 STOPPED, 1 BACKING_OFF, 2 CONNECTING, 3 BOOTSTRAPPING, 4 STREAMING. */
    public int code() {
        return code;
    }
}
