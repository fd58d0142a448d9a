package io.fcrp.api;

import java.util.Locale;

/** Whose store a primary replicates; the {@link #label()} is the value of its {@code store} configuration property. */
public enum StoreKind {
    /** The primary owns a store and publishes it as {@link KeyValueStore}. */
    EMBEDDED,
    /** It serves the {@link ReplicationPrimary} and {@link SnapshotProvider} services an application publishes. */
    EXTERNAL;

    /** {@code embedded} or {@code external}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
