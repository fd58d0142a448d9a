package io.fcrp.impl.primary;

import java.io.IOException;

/**
 * A connection the primary refuses before its Hello for a reason the operator should see (the
 * message): a TLS handshake that failed, or a peer that speaks the other transport.
 */
final class RefusedConnection extends IOException {

    private static final long serialVersionUID = 1L;

    private final String answer;

    /** @param answer the message of the Error frame the peer gets, or null for none */
    RefusedConnection(String reason, String answer) {
        super(reason);
        this.answer = answer;
    }

    String answer() {
        return answer;
    }
}
