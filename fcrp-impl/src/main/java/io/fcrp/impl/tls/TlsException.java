package io.fcrp.impl.tls;

import java.io.IOException;

/** A TLS connection that failed for a reason worth telling the operator; the message says it in full. */
public final class TlsException extends IOException {

    private static final long serialVersionUID = 1L;

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
