package io.fcrp.api;

import java.util.Locale;

/**
 * How a replica's session bootstrapped. JMX, the shell and the command-line tool show its
 * {@link #label()}; tools that keep only numbers read its {@link #code()}.
 */
public enum BootstrapKind {
    /** Nothing was missing: the session streamed at once. Code 0. */
    NONE(0),
    /** Records the primary had published before the handshake were replayed from its backlog. Code 1. */
    BACKLOG(1),
    /** A snapshot was loaded. Code 2. */
    SNAPSHOT(2);

    private final int code;

    BootstrapKind(int code) {
        this.code = code;
    }

    /** 0 none, 1 backlog, 2 snapshot. */
    public int code() {
        return code;
    }

    /** {@code none}, {@code backlog} or {@code snapshot}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
