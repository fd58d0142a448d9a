package io.fcrp.impl.control;

/**
 * The last configuration of one PID that a primary or replica component refused, and what that
 * left running. Published as a service while it is the latest word on its PID, so that
 * {@code fcrp:status} can show it; an accepted configuration (or deleting it) withdraws it.
 *
 * @param pid the configuration, e.g. {@code io.fcrp.primary~east}
 * @param role {@code primary} or {@code replica}
 * @param instance the instance that runs from this configuration's previous settings, or the one
 *        it names; null when unknown
 * @param reason every invalid property, or why it could not be applied
 * @param consequence what runs now, e.g. {@code the primary keeps running with its previous settings}
 * @param rejectedAtMs Unix milliseconds of the rejection
 */
public record RejectedConfiguration(
        String pid, String role, String instance, String reason, String consequence, long rejectedAtMs) {}
