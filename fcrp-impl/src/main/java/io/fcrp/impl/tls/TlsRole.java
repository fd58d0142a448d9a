package io.fcrp.impl.tls;

/** The side of a connection a TLS configuration is for: the primary accepts, the replica connects. */
public enum TlsRole {
    PRIMARY("the primary", "the replica"),
    REPLICA("the replica", "the primary");

    private final String self;
    private final String peer;

    TlsRole(String self, String peer) {
        this.self = self;
        this.peer = peer;
    }

    /** This side in a message: "the primary". */
    String self() {
        return self;
    }

    /** The other side in a message: "the replica". */
    String peer() {
        return peer;
    }
}
