package io.fcrp.impl.osgi;

/**
 * The last configuration of one PID that a primary or replica component refused, and what that
 * left running. Published as a service while it is the latest word on its PID, so that
 * {@code fcrp:status} can show it; an accepted configuration (or deleting it) withdraws it.
 */
public final class RejectedConfiguration {

    private final String pid;
    private final String role;
    private final String instance;
    private final String reason;
    private final String consequence;
    private final long rejectedAtMs;

    RejectedConfiguration(String pid, String role, String instance, String reason, String consequence,
            long rejectedAtMs) {
        this.pid = pid;
        this.role = role;
        this.instance = instance;
        this.reason = reason;
        this.consequence = consequence;
        this.rejectedAtMs = rejectedAtMs;
    }

    /** The configuration, e.g. {@code io.fcrp.primary~east}. */
    public String pid() {
        return pid;
    }

    /** {@code primary} or {@code replica}. */
    public String role() {
        return role;
    }

    /** The instance that runs from this configuration's previous settings, or the one it names; null when unknown. */
    public String instance() {
        return instance;
    }

    /** Every invalid property, or why it could not be applied. */
    public String reason() {
        return reason;
    }

    /** What runs now, e.g. {@code the primary keeps running with its previous settings}. */
    public String consequence() {
        return consequence;
    }

    /** Unix milliseconds of the rejection. */
    public long rejectedAtMs() {
        return rejectedAtMs;
    }
}
