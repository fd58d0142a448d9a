package io.fcrp.api;

/** Where a replica client stands. */
public enum ReplicaState {
    /** Opening the connection and handshaking. */
    CONNECTING,
    /** Receiving a snapshot or replaying the backlog. */
    BOOTSTRAPPING,
    /** Applying the live stream. */
    STREAMING,
    /** Waiting before the next connection attempt. */
    BACKING_OFF,
    /** Shut down. */
    STOPPED
}
