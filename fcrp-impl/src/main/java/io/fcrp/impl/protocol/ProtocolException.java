package io.fcrp.impl.protocol;

import java.io.IOException;

/** A malformed or unexpected FCRP input; {@link #error()} says which rule it broke. */
public final class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    private final ProtocolError error;

    public ProtocolException(ProtocolError error, String message) {
        super(message);
        this.error = error;
    }

    public ProtocolException(ProtocolError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public ProtocolError error() {
        return error;
    }
}
